import Basics

/// The body of `POST /apis/v2beta1/experiments` (`V2beta1Experiment` as the SDK fills it).
public struct NewExperiment: Encodable, Sendable, Equatable {
    /// The experiment's name.
    public let displayName: String
    /// The multi-user namespace; the SDK sends `""` when it has none.
    public let namespace: String?

    /// An experiment to create.
    public init(displayName: String, namespace: String?) {
        self.displayName = displayName
        self.namespace = namespace
    }

    enum CodingKeys: String, CodingKey {
        case displayName = "display_name", namespace
    }
}

/// The body of `POST /apis/v2beta1/runs` (`V2beta1Run` as `Client.run_pipeline` fills it).
public struct NewRun: Encodable, Sendable, Equatable {
    /// The run's name in the UI.
    public let displayName: String
    /// The experiment it belongs to.
    public let experimentID: String?
    /// The pipeline: the IR document, or `{pipeline_spec, platform_spec}` when the file has platform documents;
    /// nil when the run names an uploaded version instead.
    public let pipelineSpec: AnyJSON?
    /// The uploaded pipeline version to run (`run_pipeline(pipeline_id=, version_id=)`), instead of `pipelineSpec`.
    public let pipelineVersionReference: PipelineVersionReference?
    /// Parameters and the pipeline root.
    public let runtimeConfig: RuntimeConfig
    /// The Kubernetes service account the run's pods use.
    public let serviceAccount: String?

    /// A run of `pipelineSpec`.
    public init(displayName: String, experimentID: String?, pipelineSpec: JSONValue, runtimeConfig: RuntimeConfig,
                serviceAccount: String?) {
        self.init(displayName: displayName, experimentID: experimentID, spec: AnyJSON(pipelineSpec), reference: nil,
                  runtimeConfig: runtimeConfig, serviceAccount: serviceAccount)
    }

    /// A run of an uploaded pipeline version.
    public init(displayName: String, experimentID: String?, version: PipelineVersionReference, runtimeConfig: RuntimeConfig,
                serviceAccount: String?) {
        self.init(displayName: displayName, experimentID: experimentID, spec: nil, reference: version,
                  runtimeConfig: runtimeConfig, serviceAccount: serviceAccount)
    }

    private init(displayName: String, experimentID: String?, spec: AnyJSON?, reference: PipelineVersionReference?,
                 runtimeConfig: RuntimeConfig, serviceAccount: String?) {
        self.displayName = displayName
        self.experimentID = experimentID
        self.pipelineSpec = spec
        self.pipelineVersionReference = reference
        self.runtimeConfig = runtimeConfig
        self.serviceAccount = serviceAccount
    }

    enum CodingKeys: String, CodingKey {
        case displayName = "display_name", experimentID = "experiment_id", pipelineSpec = "pipeline_spec"
        case pipelineVersionReference = "pipeline_version_reference"
        case runtimeConfig = "runtime_config", serviceAccount = "service_account"
    }

    /// The `pipeline_spec` field from a file's YAML documents, as `kfp.client._PipelineDoc.to_dict` builds it:
    /// the first document alone, or it and the merge of every later document as `platform_spec`.
    public static func pipelineSpec(documents: [JSONValue]) -> JSONValue {
        guard let first = documents.first else { return .object([:]) }
        var platform: [String: JSONValue] = [:]
        for document in documents.dropFirst() {
            for (key, value) in document.objectValue ?? [:] { platform[key] = value }  // dict.update: later wins
        }
        guard !platform.isEmpty else { return first }
        return .object(["pipeline_spec": first, "platform_spec": .object(platform)])
    }
}

/// `V2beta1RuntimeConfig`: the parameters the user gave (not the defaults), and the pipeline root.
public struct RuntimeConfig: Encodable, Sendable, Equatable {
    /// Parameter values by name.
    public let parameters: [String: AnyJSON]
    /// Where outputs go (`--pipeline-root`); the cluster's default when nil.
    public let pipelineRoot: String?

    /// A runtime config.
    public init(parameters: [String: JSONValue], pipelineRoot: String?) {
        self.parameters = parameters.mapValues(AnyJSON.init)
        self.pipelineRoot = pipelineRoot
    }

    enum CodingKeys: String, CodingKey {
        case parameters, pipelineRoot = "pipeline_root"
    }
}

/// A `JSONValue` that encodes and decodes as itself (integral numbers as integers, as Python writes them).
public struct AnyJSON: Codable, Sendable, Equatable {
    /// The value.
    public let value: JSONValue

    /// Wraps `value`.
    public init(_ value: JSONValue) { self.value = value }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n):
            if n == n.rounded(), abs(n) < 1e15 { try container.encode(Int64(n)) } else { try container.encode(n) }
        case .string(let s): try container.encode(s)
        case .array(let items): try container.encode(items.map(AnyJSON.init))
        case .object(let members): try container.encode(members.mapValues(AnyJSON.init))
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { value = .null }
        else if let b = try? container.decode(Bool.self) { value = .bool(b) }
        else if let n = try? container.decode(Double.self) { value = .number(n) }
        else if let s = try? container.decode(String.self) { value = .string(s) }
        else if let items = try? container.decode([AnyJSON].self) { value = .array(items.map(\.value)) }
        else { value = .object(try container.decode([String: AnyJSON].self).mapValues(\.value)) }
    }
}
