using System.Net;
using LlMesh.Gateway.Authentication;
using LlMesh.Gateway.Tunnel;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.Gateway.Forwarding;

/// <summary>
/// The YARP configuration: one route per inference endpoint, to the worker cluster (or, for a job
/// relayed to another replica, the replica cluster). The clusters list no destinations: for each
/// request the dispatcher picks the worker's or the replica's.
/// </summary>
internal static class ProxyRoutes
{
    public const string WorkerClusterId = "llmesh-workers";

    /// <summary>Other gateway replicas, for jobs relayed to the replica whose agents serve the model.</summary>
    public const string ReplicaClusterId = "llmesh-replicas";

    /// <summary>The OpenAI endpoints forwarded to workers.</summary>
    public static IReadOnlyList<string> InferencePaths { get; } = [.. Admission.ApiRoutes.ByPath.Keys];

    public static IReadOnlyList<RouteConfig> Routes() =>
        InferencePaths.Select(path => new RouteConfig
        {
            RouteId = "llmesh" + path.Replace('/', '-'),
            ClusterId = WorkerClusterId,
            AuthorizationPolicy = ApiKeyDefaults.Policy,
            Match = new RouteMatch { Path = path, Methods = ["POST"] },
        }).ToArray();

    public static IReadOnlyList<ClusterConfig> Clusters(TunnelOptions options) =>
    [
        new ClusterConfig
        {
            ClusterId = WorkerClusterId,
            HttpRequest = new ForwarderRequestConfig
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                ActivityTimeout = options.ForwardActivityTimeout,
                AllowResponseBuffering = false,
            },
        },
        new ClusterConfig
        {
            ClusterId = ReplicaClusterId,
            HttpRequest = new ForwarderRequestConfig
            {
                // A long wait in the other replica's queue sends nothing back: its caller-facing keep-alives stay here.
                ActivityTimeout = options.ForwardActivityTimeout,
                AllowResponseBuffering = false,
            },
        },
    ];
}
