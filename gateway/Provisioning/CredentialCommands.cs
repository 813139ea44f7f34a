using System.CommandLine;
using LlMesh.State.Credentials;
using LlMesh.State.Embedded;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Provisioning;

/// <summary>
/// <c>keys create|list|revoke</c> and <c>tokens create|list|revoke</c>: manage credentials in the
/// gateway's store from the command line. A created secret is printed once and never again.
/// </summary>
internal static class CredentialCommands
{
    public static Command Create(string name, CredentialKind kind, Func<string[], ICredentialStore> openStore)
    {
        var noun = kind == CredentialKind.ApiKey ? "API key" : "client token";
        var command = new Command(name, $"Manage {noun}s.");

        var user = new Option<string>("--user") { Description = $"User who owns the {noun}.", Required = true };
        var label = new Option<string?>("--name") { Description = "A label to recognise it by." };
        var create = new Command("create", $"Create a {noun} and print it once.") { user, label };
        create.SetAction(async (parse, ct) =>
        {
            var store = openStore(parse.UnmatchedTokens.ToArray());
            var (credential, secret) = await store.IssueAsync(kind, parse.GetValue(user)!, parse.GetValue(label), ct);
            await Console.Error.WriteLineAsync($"Created {noun} {credential.Id} for {credential.User}. It is shown once; store it now:");
            Console.WriteLine(secret);
            return 0;
        });

        var list = new Command("list", $"List {noun}s (ids, owners; never the secrets).");
        list.SetAction(async (parse, ct) =>
        {
            var store = openStore(parse.UnmatchedTokens.ToArray());
            foreach (var c in await store.ListAsync(kind, ct))
            {
                Console.WriteLine($"{c.Id}\t{c.User}\t{c.Name}\t{c.CreatedAt:u}\t{(c.IsActive ? "active" : $"revoked {c.RevokedAt:u}")}");
            }

            return 0;
        });

        var id = new Argument<string>("id") { Description = $"Id of the {noun} (from 'list')." };
        var revoke = new Command("revoke", $"Revoke a {noun}.") { id };
        revoke.SetAction(async (parse, ct) =>
        {
            var store = openStore(parse.UnmatchedTokens.ToArray());
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

    /// <summary>Opens the same store the gateway uses, from the same configuration sources.</summary>
    public static ICredentialStore OpenEmbeddedStore(string[] configurationArgs)
    {
        var builder = Host.CreateApplicationBuilder(configurationArgs);
        var options = new EmbeddedStateOptions();
        builder.Configuration.GetSection(GatewayServices.LlMeshSection).Bind(options);
        return new FileCredentialStore(Options.Create(options), TimeProvider.System);
    }
}
