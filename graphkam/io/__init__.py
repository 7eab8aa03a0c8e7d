"""Import and export of account maps: YAML, JSON, CSV and GraphML, one module per format."""

from graphkam.io.accountmap import *  # noqa: F403
from graphkam.io.accountmap import __all__ as _accountmap_all
from graphkam.io.csv_export import *  # noqa: F403
from graphkam.io.csv_export import __all__ as _csv_export_all
from graphkam.io.csv_import import *  # noqa: F403
from graphkam.io.csv_import import __all__ as _csv_import_all
from graphkam.io.graphml import *  # noqa: F403
from graphkam.io.graphml import __all__ as _graphml_all
from graphkam.io.importer import *  # noqa: F403
from graphkam.io.importer import __all__ as _importer_all
from graphkam.io.locate import *  # noqa: F403
from graphkam.io.locate import __all__ as _locate_all

__all__ = [
    *_accountmap_all,
    *_csv_import_all,
    *_csv_export_all,
    *_graphml_all,
    *_importer_all,
    *_locate_all,
]
