import CourtFedCLI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

exit(CourtFedCommand.run(Array(CommandLine.arguments.dropFirst()), in: .standard))
