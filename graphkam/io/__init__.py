"""Import and export of account maps: YAML, JSON, CSV and GraphML, one module per format."""
