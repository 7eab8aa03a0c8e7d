"""`python -m graphkam.analysis.gaprules`: print the gap table of docs/scores.md."""

from graphkam.analysis.gaprules import rules_table

print(rules_table(), end="")
