using System.CommandLine;
using LlMesh.State;
using LlMesh.State.Credentials;
using LlMesh.State.Documents;

namespace LlMesh.Gateway.Provisioning;

/// <summary>
/// <c>keys create|list|revoke</c> and <c>tokens create|list|revoke</c>: manage credentials in the
/// gateway's store from the command line. A created secret is printed once and never again.
/// </summary>
internal static class CredentialCommands
{
    public static Command Create(string name, CredentialKind kind, Func<string[], CancellationToken, Task<StateStore>> openState)
    {
        async Task<ICredentialStore> OpenStoreAsync(string[] args, CancellationToken ct) => new DocumentCredentialStore(await openState(args, ct), TimeProvider.System);

        var noun = kind == CredentialKind.ApiKey ? "API key" : "client token";
        var command = new Command(name, $"Manage {noun}s.");

        var user = new Option<string>("--user") { Description = $"User who owns the {noun}.", Required = true };
        var label = new Option<string?>("--name") { Description = "A label to recognise it by." };
        var priority = new Option<Priority>("--priority") { Description = "API keys: tier used when a request names none.", DefaultValueFactory = _ => Priority.Normal };
        var maxPriority = new Option<Priority>("--max-priority") { Description = "API keys: highest tier the key may ask for.", DefaultValueFactory = _ => Priority.Normal };
        var reject = new Option<bool>("--reject-above-max") { Description = "API keys: refuse (403) a request above --max-priority instead of lowering it." };
        var rpm = PositiveOption("--rpm", "API keys: requests per minute, over all replicas (default: unlimited).");
        var tpm = PositiveOption("--tpm", "API keys: prompt plus completion tokens per minute, over all replicas (default: unlimited).");
        var create = new Command("create", $"Create a {noun} and print it once.") { user, label };
        if (kind == CredentialKind.ApiKey)
        {
            create.Options.Add(priority);
            create.Options.Add(maxPriority);
            create.Options.Add(reject);
            create.Options.Add(rpm);
            create.Options.Add(tpm);
        }

        create.SetAction(async (parse, ct) =>
        {
            var store = await OpenStoreAsync(parse.UnmatchedTokens.ToArray(), ct);
            var (credential, secret) = await store.IssueAsync(kind, parse.GetValue(user)!, parse.GetValue(label), ct);
            if (kind == CredentialKind.ApiKey)
            {
                var max = parse.GetValue(maxPriority);
                var byDefault = (Priority)Math.Max((int)parse.GetValue(priority), (int)max);
                credential = await store.UpdateAsync(
                    credential.Id,
                    c => c with
                    {
                        DefaultPriority = byDefault,
                        MaxPriority = max,
                        RejectAboveMaxPriority = parse.GetValue(reject),
                        RequestsPerMinute = parse.GetValue(rpm),
                        TokensPerMinute = parse.GetValue(tpm),
                    },
                    ct) ?? credential;
            }

            await Console.Error.WriteLineAsync($"Created {noun} {credential.Id} for {credential.User}. It is shown once; store it now:");
            Console.WriteLine(secret);
            return 0;
        });

        var list = new Command("list", $"List {noun}s (ids, owners; never the secrets).");
        list.SetAction(async (parse, ct) =>
        {
            var store = await OpenStoreAsync(parse.UnmatchedTokens.ToArray(), ct);
            foreach (var c in await store.ListAsync(kind, ct))
            {
                var policy = kind == CredentialKind.ApiKey
                    ? $"\t{c.DefaultPriority.Name()}/{c.MaxPriority.Name()}\t{PerMinute(c.RequestsPerMinute)} req/min, {PerMinute(c.TokensPerMinute)} tokens/min"
                    : "";
                Console.WriteLine($"{c.Id}\t{c.User}\t{c.Name}\t{c.CreatedAt:u}\t{(c.IsActive ? "active" : $"revoked {c.RevokedAt:u}")}{policy}");
            }

            return 0;
        });

        var id = new Argument<string>("id") { Description = $"Id of the {noun} (from 'list')." };
        var revoke = new Command("revoke", $"Revoke a {noun}.") { id };
        revoke.SetAction(async (parse, ct) =>
        {
            var store = await OpenStoreAsync(parse.UnmatchedTokens.ToArray(), ct);
            var revoked = await store.RevokeAsync(parse.GetValue(id)!, ct);
            await Console.Error.WriteLineAsync(revoked ? "Revoked." : "No active credential has that id.");
            return revoked ? 0 : 1;
        });

        foreach (var sub in new[] { create, list, revoke })
        {
            sub.TreatUnmatchedTokensAsErrors = false;
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static Option<int?> PositiveOption(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError($"{name} must be a positive number (leave it out for no limit).");
            }
        });
        return option;
    }

    private static string PerMinute(int? limit) => limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited";
}
