using System.Net.Http.Headers;

namespace LlMesh.TunnelAgent.Backends;

/// <summary>Adds a backend's own API key to requests sent to it.</summary>
internal static class BackendAuthentication
{
    public static void Apply(BackendOptions options, HttpHeaders headers)
    {
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return;
        }

        var isAuthorization = string.Equals(options.ApiKeyHeader, "Authorization", StringComparison.OrdinalIgnoreCase);
        headers.Remove(options.ApiKeyHeader);
        headers.TryAddWithoutValidation(options.ApiKeyHeader, isAuthorization ? $"Bearer {options.ApiKey}" : options.ApiKey);
    }
}
