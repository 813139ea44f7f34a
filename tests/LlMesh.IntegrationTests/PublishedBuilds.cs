namespace LlMesh.IntegrationTests;

/// <summary>
/// Test classes that CI runs a second time against the NativeAOT publishes (the programs users deploy): the
/// ones whose code paths trimming or AOT could break at run time (Entra ID, the SDKs' JSON, metrics, traces,
/// JSON logs, Redis, cancellation and failover). <c>.ci/run</c> sets <c>LLMESH_TEST_GATEWAY_PROGRAM</c> and
/// <c>LLMESH_TEST_AGENT_PROGRAM</c> and filters on this trait.
/// </summary>
internal static class PublishedBuilds
{
    public const string Trait = "Category";

    public const string Value = "PublishedBuilds";
}
