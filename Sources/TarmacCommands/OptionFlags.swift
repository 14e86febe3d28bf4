import Basics

extension OptionNames {
    /// The flags of the option keys the planner and the engine name in their messages: the one place they are spelled
    /// for them (errors through `ErrorRenderer`, task errors and warnings through `RunOptions.Output.optionNames`).
    static let commandLine = OptionNames { key in
        switch key {
        case .artifact: "--artifact"
        case .param: "--param"
        case .paramsFile: "--params-file"
        case .only: "--only"
        case .from: "--from"
        case .until: "--until"
        case .taskTimeout: "--task-timeout"
        case .keepVolumes: "--keep-volumes"
        case .volume: "--volume"
        case .secretsDirectory: "--secrets-dir"
        case .uriMap: "--uri-map"
        }
    }
}
