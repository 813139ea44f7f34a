namespace LlMesh.ApiFormats.Tests.Support;

/// <summary>Recorded and hand-written wire payloads under <c>Payloads/</c>, copied next to the test assembly.</summary>
internal static class Payload
{
    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(PathOf(relativePath));

    public static string Text(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string PathOf(string relativePath) => Path.Combine(AppContext.BaseDirectory, "Payloads", relativePath);
}
