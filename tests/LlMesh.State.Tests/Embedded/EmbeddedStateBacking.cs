using LlMesh.State.Audit;
using LlMesh.State.Documents;
using LlMesh.State.Embedded;
using LlMesh.State.Tests.Contract;
using Microsoft.Extensions.Options;

namespace LlMesh.State.Tests.Embedded;

/// <summary>A temporary data directory; each view is a new <see cref="EmbeddedState"/> on it.</summary>
internal sealed class EmbeddedStateBacking : StateBacking
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("llmesh-state-test-").FullName;

    protected override Task<StateStore> OpenCoreAsync() =>
        Task.FromResult<StateStore>(new EmbeddedState(Options.Create(new EmbeddedStateOptions { DataDirectory = Directory })));

    public override Task<IAuditLog> OpenAuditLogAsync() =>
        Task.FromResult<IAuditLog>(new FileAuditLog(Options.Create(new EmbeddedStateOptions { DataDirectory = Directory })));

    protected override ValueTask DisposeCoreAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the directory for a moment; it is a temp folder.
        }

        return ValueTask.CompletedTask;
    }
}
