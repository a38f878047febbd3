from govhall.cli import main

main()
