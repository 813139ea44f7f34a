using System.Diagnostics;
using LlMesh.Testing;
using LlMesh.Testing.Telemetry;

namespace LlMesh.IntegrationTests.Observability;

/// <summary>
/// One trace from the caller to the backend: the caller's <c>traceparent</c> starts it, the gateway's spans
/// hang under it, the agent's spans hang under the gateway's HTTP call through the tunnel, and the backend
/// receives the agent's own span as its parent. Both processes export over OTLP to a stand-in collector.
/// </summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class TracingTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ARequest_IsOneTrace_FromCallerThroughGatewayAndTunnelToAgentAndBackend(bool stream)
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var mesh = await TestMesh.StartAsync(gatewayEnvironment: collector.Environment, agentEnvironment: collector.Environment);
        using var client = mesh.CreateClient();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();

        using var request = ChatRequests.Create(mesh.Model, stream, maxTokens: 4);
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using (var response = await client.SendAsync(request))
        {
            Assert.Equal(200, (int)response.StatusCode);
            _ = await response.Content.ReadAsStringAsync();
        }

        // The backend saw the same trace, with a parent span of the agent's.
        var received = Assert.Single(mesh.Backend.RequestsTo("/v1/chat/completions"));
        var backendParent = received.Header("traceparent")!.Split('-');
        Assert.Equal(traceId, backendParent[1]);
        var jobId = received.Header("X-LLMesh-Job");

        // Each process exports a span once it ended, in its own time: wait for every span the trace should have.
        var spans = await collector.WaitForSpansAsync(
            s => s.Any(x => x.SpanId == backendParent[2]) && Expected.All(e => s.Any(x => x.TraceId == traceId && x.Service == e.Service && x.Name == e.Name)),
            Wait,
            "every span of the trace was exported");
        var trace = spans.Where(s => s.TraceId == traceId).ToList();

        // Gateway: the request's span under the caller's, the queue and the forward attempt below it, the HTTP call to the agent under that.
        var gatewayRequest = Assert.Single(trace, s => s.Service == "llmesh-gateway" && s.Kind == OtlpSpan.ServerKind && s.Scope == "Microsoft.AspNetCore");
        Assert.Equal(callerSpanId, gatewayRequest.ParentSpanId);
        Assert.Equal(jobId, gatewayRequest.Attribute("llmesh.job_id"));
        Assert.Equal("normal", gatewayRequest.Attribute("llmesh.tier"));
        var queue = Assert.Single(trace, s => s.Name == "llmesh.queue");
        Assert.Contains(gatewayRequest, Ancestors(queue, trace));
        var forward = Assert.Single(trace, s => s.Name == "llmesh.forward");
        Assert.Contains(gatewayRequest, Ancestors(forward, trace));
        Assert.Contains("/", forward.Attribute("llmesh.worker"), StringComparison.Ordinal);
        var toAgent = Assert.Single(trace, s => s.Service == "llmesh-gateway" && s.Kind == OtlpSpan.ClientKind);
        Assert.Contains(forward, Ancestors(toAgent, trace));

        // Agent: its request span is a child of the gateway's call (the tunnel kept the header), its forward and backend call below.
        var agentRequest = Assert.Single(trace, s => s.Service == "llmesh-agent" && s.Kind == OtlpSpan.ServerKind && s.Scope == "Microsoft.AspNetCore");
        Assert.Equal(toAgent.SpanId, agentRequest.ParentSpanId);
        var agentForward = Assert.Single(trace, s => s.Name == "llmesh.agent.forward");
        Assert.Equal(jobId, agentForward.Attribute("llmesh.job_id"));
        Assert.Contains(agentRequest, Ancestors(agentForward, trace));
        var toBackend = Assert.Single(trace, s => s.SpanId == backendParent[2]);
        Assert.Equal("llmesh-agent", toBackend.Service);
        Assert.Equal(OtlpSpan.ClientKind, toBackend.Kind);
        Assert.Contains(agentForward, Ancestors(toBackend, trace));

        // The same endpoint receives metrics and logs.
        await Eventually.TrueAsync(() => Task.FromResult(collector.MetricExports > 0 && collector.LogExports > 0), Wait, "metrics and logs were exported too");

        // Background chatter (capability calls, discovery, tunnels) stays out of traces.
        Assert.DoesNotContain(spans, s => s.Attribute("url.path") is { } path && path.StartsWith("/_llmesh/capabilities", StringComparison.Ordinal));
    }

    /// <summary>Spans each trace must have, by service and name: request spans, queue, forward, HTTP calls.</summary>
    private static readonly (string Service, string Name)[] Expected =
    [
        ("llmesh-gateway", "POST /v1/chat/completions"),
        ("llmesh-gateway", "llmesh.queue"),
        ("llmesh-gateway", "llmesh.forward"),
        ("llmesh-gateway", "POST"),
        ("llmesh-agent", "POST /_llmesh/backends/{backend}/{**path}"),
        ("llmesh-agent", "llmesh.agent.forward"),
        ("llmesh-agent", "POST"),
    ];

    private static List<OtlpSpan> Ancestors(OtlpSpan span, IReadOnlyList<OtlpSpan> trace)
    {
        var ancestors = new List<OtlpSpan>();
        for (var parent = trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null; parent = trace.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            ancestors.Add(parent);
        }

        return ancestors;
    }
}
