from conversql.cli import main

main()
