/// A drawing of a ``DagGraph``, top to bottom: the centre of every node, the path of every edge, and the
/// frame of every group (sub-DAG). Made by Graphviz `dot` (``DotLayout``) when it is installed, else by
/// the built-in layered layout (``init(_:)``), which needs nothing outside this process.
public struct DagLayout: Sendable {
    /// A point in the drawing (y grows downwards).
    public struct Point: Sendable, Hashable {
        public let x: Double
        public let y: Double
    }

    /// An edge's path: a polyline, or (from Graphviz) cubic Bézier control points `p0 (c1 c2 p)…`.
    public struct Edge: Sendable {
        public let from: String
        public let to: String
        public let points: [Point]
        public let isBezier: Bool
        /// Where the edge's label (the artifacts it carries) is centred, if it has one.
        public let labelAt: Point?
    }

    /// The frame drawn around a group's nodes.
    public struct Frame: Sendable, Equatable {
        public let id: String
        public let x: Double, y: Double, width: Double, height: Double
    }

    /// Which engine made a layout.
    public enum Engine: String, Sendable {
        case graphviz, layered
    }

    /// Node width and height, and the gaps between layers and between nodes of a layer.
    public static let nodeWidth = 190.0, nodeHeight = 46.0, layerGap = 70.0, nodeGap = 24.0, margin = 20.0
    /// The width an edge passing through a layer takes in it (so it never crosses a node of that layer).
    public static let passWidth = 14.0

    /// Centre of every node.
    public let positions: [String: Point]
    /// The layer (top = 0) of every node; empty when Graphviz ranked the nodes.
    public let layers: [String: Int]
    /// Every edge's path, in the graph's order.
    public let edges: [Edge]
    /// Group frames, outer groups first (the built-in layout draws none).
    public let frames: [Frame]
    /// Size of the drawing.
    public let width: Double, height: Double
    /// The engine that made it.
    public let engine: Engine

    /// Makes a layout from its parts.
    public init(positions: [String: Point], layers: [String: Int], edges: [Edge], frames: [Frame], width: Double,
                height: Double, engine: Engine) {
        self.positions = positions
        self.layers = layers
        self.edges = edges
        self.frames = frames
        self.width = width
        self.height = height
        self.engine = engine
    }

    /// The built-in layered layout of `graph` (pure: no process, no file).
    public init(_ graph: DagGraph) {
        self = LayeredLayout.layout(graph)
    }
}
