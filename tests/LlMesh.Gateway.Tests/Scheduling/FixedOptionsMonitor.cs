using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Tests.Scheduling;

/// <summary>An <see cref="IOptionsMonitor{TOptions}"/> over one instance the test may change in place.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
