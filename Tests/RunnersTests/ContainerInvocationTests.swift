import Runners
import Testing

/// The container argv is a pure function of `ContainerInvocation`: checked exactly, for both engines.
@Suite struct ContainerInvocationTests {
    static func full(_ engine: ContainerEngineKind) -> ContainerInvocation {
        var container = ContainerInvocation(engine: engine, name: "run1-train", runID: "run1",
                                            image: "docker.io/library/python:3.11-slim",
                                            command: ["sh", "-c", "echo \"$0\"", "hello world"])
        container.environment = [.init("A", "1"), .init("B", "x=y")]
        container.hiddenEnvironment = ["TOKEN": "secret-value", "API": "k"]
        container.mounts = [ContainerMount(hostPath: "/root/p", containerPath: "/root/p"),
                            ContainerMount(hostPath: "/etc/ca.crt", containerPath: "/etc/ca.crt", readOnly: true)]
        container.tmpfsMounts = [TmpfsMount(path: "/scratch"), TmpfsMount(path: "/cache", sizeBytes: 16_777_216)]
        container.workingDirectory = "/root/p/run1/train"
        container.cpus = 0.5
        container.memoryBytes = 268_435_456
        container.gpus = [0, 2]
        container.pull = .never
        container.network = "host"
        container.user = "1000:100"
        container.shmSizeBytes = 1_000_000_000
        return container
    }

    @Test("podman: every option, in order, with CDI devices for GPUs")
    func podmanArguments() {
        #expect(Self.full(.podman).arguments == [
            "run", "--rm", "--name", "run1-train", "--label", "tarmac.run=run1", "--pull", "never",
            "--network", "host", "--user", "1000:100", "--cpus", "0.5", "--memory", "268435456b", "--shm-size", "1000000000b",
            "--device", "nvidia.com/gpu=0", "--device", "nvidia.com/gpu=2",
            "--mount", "type=bind,src=/root/p,dst=/root/p", "--mount", "type=bind,src=/etc/ca.crt,dst=/etc/ca.crt,readonly",
            "--tmpfs", "/scratch",
            "--tmpfs", "/cache:size=16777216",
            "--env", "A=1", "--env", "B=x=y", "--env", "API", "--env", "TOKEN",
            "--workdir", "/root/p/run1/train",
            "--entrypoint", "sh", "docker.io/library/python:3.11-slim", "-c", "echo \"$0\"", "hello world",
        ])
    }

    @Test("docker: the same argv without --rm (the runner inspects and removes the container), with --gpus for GPUs")
    func dockerArguments() {
        let arguments = Self.full(.docker).arguments
        #expect(arguments.contains("--gpus"))
        #expect(arguments[arguments.firstIndex(of: "--gpus")! + 1] == "\"device=0,2\"")
        #expect(!arguments.contains("--device") && !arguments.contains("--rm"))
        var podman = Self.full(.podman).arguments
        podman.removeAll { $0 == "--device" || $0.hasPrefix("nvidia.com/gpu=") || $0 == "--rm" }
        var docker = arguments
        docker.removeAll { $0 == "--gpus" || $0 == "\"device=0,2\"" }
        #expect(docker == podman)
    }

    @Test("minimal: defaults pull missing, no network/user/limits; whole numbers without a fraction")
    func minimalArguments() {
        var container = ContainerInvocation(engine: .docker, name: "r-t", runID: "r", image: "busybox", command: ["true"])
        #expect(container.arguments == ["run", "--name", "r-t", "--label", "tarmac.run=r", "--pull", "missing",
                                        "--entrypoint", "true", "busybox"])
        container.autoRemove = true
        #expect(container.arguments.prefix(2) == ["run", "--rm"])
        container.cpus = 2
        #expect(container.arguments.contains("2") && !container.arguments.contains("2.0"))
    }

    @Test("secret values never appear on the command line")
    func secretsStayOffTheCommandLine() {
        #expect(!Self.full(.podman).arguments.contains { $0.contains("secret-value") })
        #expect(!Self.full(.docker).arguments.contains { $0.contains("secret-value") })
    }

    @Test("image references are normalized as docker does", arguments: [
        ("python:3.11-slim", "docker.io/library/python:3.11-slim"),
        ("busybox", "docker.io/library/busybox"),
        ("library/busybox:1.36", "docker.io/library/busybox:1.36"),
        ("docker.io/library/busybox:1.36", "docker.io/library/busybox:1.36"),
        ("ghcr.io/org/img@sha256:abc", "ghcr.io/org/img@sha256:abc"),
        ("localhost/mine:1", "localhost/mine:1"),
        ("registry:5000/team/img", "registry:5000/team/img"),
        ("org/img", "docker.io/org/img"),
    ])
    func normalizedImage(_ input: String, _ expected: String) {
        #expect(ContainerInvocation.normalizedImage(input) == expected)
    }

    @Test("container names from task instance names")
    func containerNames() {
        #expect(ContainerInvocation.containerName("ab12-for-loop-2[3]/add") == "ab12-for-loop-2.3_add")
        #expect(ContainerInvocation.containerName("r-condition-1/deploy model").hasPrefix("r-condition-1_deploy_model.h"))
    }

    @Test("container names are injective (issue 17.6): names that used to meet get distinct names")
    func containerNamesAreInjective() {
        let colliding = [["r-tâsk", "r-tésk", "r-t_sk", "r-t-sk"], ["r-a", "r-a]", "r-a_"], ["r-for-loop-2.0", "r-for-loop-2[0]"],
                         ["r-a/b", "r-a_b"], ["r-a[1]2", "r-a[12]"]]
        for group in colliding {
            let names = group.map(ContainerInvocation.containerName)
            #expect(Set(names).count == group.count, "\(group) → \(names)")
            for name in names {
                #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }, "\(name)")
            }
        }
        #expect(ContainerInvocation.containerName("r-for-loop-2[0]") == "r-for-loop-2.0")  // plain names stay readable
    }

    @Test("--mount HOST:CONTAINER[:ro]")
    func mountParsing() {
        #expect(ContainerMount.parse("/a:/b") == ContainerMount(hostPath: "/a", containerPath: "/b"))
        #expect(ContainerMount.parse("rel:/b:ro") == ContainerMount(hostPath: "rel", containerPath: "/b", readOnly: true))
        #expect(ContainerMount.parse("/a:/b:rw") == ContainerMount(hostPath: "/a", containerPath: "/b"))
        #expect(ContainerMount.parse("/a") == nil)
        #expect(ContainerMount.parse("/a:b") == nil)
        #expect(ContainerMount.parse("/a:/b:xx") == nil)
    }

    @Test("bind mounts as --mount: a ':' in a path stays in it; ',' and '\"' are quoted as CSV fields")
    func mountOptions() {
        #expect(ContainerMount(hostPath: "/data/run:1", containerPath: "/data/run:1").mountOption
                == "type=bind,src=/data/run:1,dst=/data/run:1")
        #expect(ContainerMount(hostPath: "/a,b", containerPath: "/c\"d", readOnly: true).mountOption
                == "type=bind,\"src=/a,b\",\"dst=/c\"\"d\",readonly")
        #expect(ContainerMount(hostPath: "/a=b", containerPath: "/x").mountOption == "type=bind,src=/a=b,dst=/x")
    }
}
