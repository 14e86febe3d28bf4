import Basics

extension PlatformSpec {
    /// Decodes document 2; platforms other than `kubernetes` are ignored.
    static func decode(_ reader: IRReader) -> PlatformSpec? {
        guard let kubernetes = reader.field("platforms")?.field("kubernetes") else { return nil }
        var spec = PlatformSpec(pipelineConfig: kubernetes.field("pipelineConfig")?.value)
        for (label, child) in kubernetes.field("deploymentSpec")?.map("executors") ?? [] {
            spec.executors[label] = KubernetesExecutorConfig.decode(child)
        }
        return spec
    }
}

extension KubernetesExecutorConfig {
    /// Keys that have no meaning on one machine; reported once per run as ignored.
    static let ignoredKeys = ["nodeSelector", "tolerations", "nodeAffinity", "podAffinity", "podMetadata",
                              "imagePullSecret", "initContainers"]

    static func decode(_ reader: IRReader) -> KubernetesExecutorConfig {
        var config = KubernetesExecutorConfig()
        config.secretAsEnv = reader.list("secretAsEnv").compactMap { SecretAsEnv.decode($0, nameKey: "secretName", valueKey: "secretKey") }
        config.configMapAsEnv = reader.list("configMapAsEnv").compactMap { SecretAsEnv.decode($0, nameKey: "configMapName", valueKey: "configMapKey") }
        config.secretAsVolume = reader.list("secretAsVolume").compactMap { NamedVolume.decode($0, nameKey: "secretName") }
        config.configMapAsVolume = reader.list("configMapAsVolume").compactMap { NamedVolume.decode($0, nameKey: "configMapName") }
        config.pvcMount = reader.list("pvcMount").compactMap(PVCMount.decode)
        config.emptyDirMounts = reader.list("emptyDirMounts").compactMap(EmptyDirMount.decode)
        config.genericEphemeralVolume = reader.list("genericEphemeralVolume").compactMap(EmptyDirMount.decode)
        config.imagePullPolicy = reader.string("imagePullPolicy")
        config.activeDeadlineSeconds = reader.integer("activeDeadlineSeconds")
        if let context = reader.field("securityContext") {
            config.securityContext = SecurityContext(runAsUser: context.integer("runAsUser"),
                                                     runAsGroup: context.integer("runAsGroup"),
                                                     runAsNonRoot: context.bool("runAsNonRoot"))
        }
        config.sharedMemorySize = reader.field("enabledSharedMemory").map { $0.string("size") ?? "" }
        config.fieldPathAsEnv = reader.list("fieldPathAsEnv").compactMap { entry in
            guard let name = entry.requiredString("name"), let path = entry.requiredString("fieldPath") else { return nil }
            return EnvVar(name: name, value: path)
        }
        for key in ignoredKeys { if let value = reader.field(key)?.value { config.ignored[key] = value } }
        return config
    }
}

extension NameSource {
    /// `<x>NameParameter` when present (the current form), else the deprecated constant `<x>Name`.
    static func decode(_ reader: IRReader, nameKey: String) -> NameSource? {
        if let parameter = reader.field(nameKey + "Parameter"), let binding = InputParameterBinding.decode(parameter) {
            if case .runtimeValue(.string(let constant)) = binding.source { return .constant(constant) }
            return .parameter(binding)
        }
        if let constant = reader.string(nameKey) { return .constant(constant) }
        reader.error("missing required field '\(nameKey)Parameter'")
        return nil
    }
}

extension SecretAsEnv {
    static func decode(_ reader: IRReader, nameKey: String, valueKey: String) -> SecretAsEnv? {
        guard let name = NameSource.decode(reader, nameKey: nameKey) else { return nil }
        let pairs = reader.list("keyToEnv").compactMap { entry -> KeyToEnv? in
            guard let key = entry.requiredString(valueKey), let env = entry.requiredString("envVar") else { return nil }
            return KeyToEnv(key: key, envVar: env)
        }
        return SecretAsEnv(name: name, keyToEnv: pairs, optional: reader.bool("optional"))
    }
}

extension NamedVolume {
    static func decode(_ reader: IRReader, nameKey: String) -> NamedVolume? {
        guard let name = NameSource.decode(reader, nameKey: nameKey), let path = reader.requiredString("mountPath") else { return nil }
        return NamedVolume(name: name, mountPath: path, optional: reader.bool("optional"))
    }
}

extension PVCMount {
    static func decode(_ reader: IRReader) -> PVCMount? {
        guard let path = reader.requiredString("mountPath") else { return nil }
        let name: NameSource?
        if reader.field("pvcNameParameter") != nil {
            name = NameSource.decode(reader, nameKey: "pvcName")
        } else if let constant = reader.string("constant") {
            name = .constant(constant)  // deprecated form written by kfp-kubernetes 1.x
        } else if let legacy = InputParameterBinding.decode(reader) {
            name = .parameter(legacy)  // deprecated constant / componentInputParameter / taskOutputParameter
        } else {
            name = nil
        }
        guard let name else { return nil }
        let sub = reader.string("subPath")
        return PVCMount(name: name, mountPath: path, subPath: sub?.isEmpty == true ? nil : sub)
    }
}

extension EmptyDirMount {
    static func decode(_ reader: IRReader) -> EmptyDirMount? {
        guard let name = reader.requiredString("volumeName"), let path = reader.requiredString("mountPath") else { return nil }
        return EmptyDirMount(volumeName: name, mountPath: path, medium: reader.string("medium"),
                             sizeLimit: reader.string("sizeLimit") ?? reader.string("size"))
    }
}
