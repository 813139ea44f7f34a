using System.Security.Cryptography;
using System.Text;
using LlMesh.State.Accounts;
using LlMesh.State.Documents;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// The one-time code that claims a fresh deployment: made at start-up, printed in this gateway's log
/// only while no admin exists, so only someone who can read the log (the operator) can finish the setup.
/// With Redis down at start-up the accounts are not known yet: the code is printed (or not) once the state
/// has been read.
/// </summary>
internal sealed partial class SetupCode(IAccountStore accounts, StateStore state, ILogger<SetupCode> logger) : IHostedService
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private readonly string _code = RandomNumberGenerator.GetString(Alphabet, 12);
    private int _decided;

    public bool SetUp => accounts.List().Any(a => a.Role == PortalRole.Admin);

    /// <summary>Constant-time comparison; dashes and case are ignored.</summary>
    public bool Matches(string? presented)
    {
        var normalized = (presented ?? "").Replace("-", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(normalized)), SHA256.HashData(Encoding.UTF8.GetBytes(_code)));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        state.Changed += DecideOnceRead;
        DecideOnceRead();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        state.Changed -= DecideOnceRead;
        return Task.CompletedTask;
    }

    private void DecideOnceRead()
    {
        if (!state.IsAvailable || Interlocked.Exchange(ref _decided, 1) == 1)
        {
            return;
        }

        state.Changed -= DecideOnceRead;
        if (!SetUp)
        {
            Log.SetupNeeded(logger, $"{_code[..4]}-{_code[4..8]}-{_code[8..]}");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "No portal admin yet. Finish the first-run setup at /portal with this one-time code: {Code}")]
        public static partial void SetupNeeded(ILogger logger, string code);
    }
}
