import CourtFedCLI

CourtFedCommand.main()
