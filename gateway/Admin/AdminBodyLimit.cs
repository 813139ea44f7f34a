using Microsoft.AspNetCore.Http.Metadata;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// The admin API's request bodies are small JSON documents: 64 KB is far above any of them, and keeps
/// a caller (signed in or not) from making the gateway read megabytes into memory (Kestrel's default is 30 MB).
/// </summary>
internal sealed class AdminBodyLimit : IRequestSizeLimitMetadata
{
    public const long Bytes = 64 * 1024;

    public long? MaxRequestBodySize => Bytes;
}
