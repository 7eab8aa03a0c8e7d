from graphkam.cli import main

main()
