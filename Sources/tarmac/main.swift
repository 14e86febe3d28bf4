import TarmacCommands

TarmacMain.main()
