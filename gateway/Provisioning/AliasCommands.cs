using System.CommandLine;
using LlMesh.State.Aliases;
using LlMesh.State.Documents;

namespace LlMesh.Gateway.Provisioning;

/// <summary><c>aliases set|list|remove</c>: model aliases with preference tiers. Running gateways see changes at once.</summary>
internal static class AliasCommands
{
    public static Command Create(Func<string[], CancellationToken, Task<StateStore>> openState)
    {
        var command = new Command("aliases", "Manage model aliases (one name over several models, in preference tiers).");

        var name = new Argument<string>("name") { Description = "The alias callers use as 'model'." };
        var tiers = new Option<string[]>("--tier")
        {
            Description = "Models of one preference tier, comma-separated; repeat, most preferred first (e.g. --tier qwen-local --tier gpt-4o-mini).",
            Required = true,
        };
        var set = new Command("set", "Create or replace an alias.") { name, tiers };
        set.SetAction(async (parse, ct) =>
        {
            var parsed = parse.GetValue(tiers)!
                .Select(t => (IReadOnlyList<string>)t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(t => t.Count > 0)
                .ToArray();
            if (parsed.Length == 0)
            {
                await Console.Error.WriteLineAsync("Give at least one --tier with a model.");
                return 1;
            }

            await new DocumentAliasStore(await openState([.. parse.UnmatchedTokens], ct)).SetAsync(new AliasRecord(parse.GetValue(name)!, parsed), ct);
            await Console.Error.WriteLineAsync($"Alias {parse.GetValue(name)} set.");
            return 0;
        });

        var list = new Command("list", "List aliases.");
        list.SetAction(async (parse, ct) =>
        {
            foreach (var alias in new DocumentAliasStore(await openState([.. parse.UnmatchedTokens], ct)).List())
            {
                Console.WriteLine($"{alias.Name}\t{string.Join(" > ", alias.Tiers.Select(t => string.Join(",", t)))}");
            }

            return 0;
        });

        var removeName = new Argument<string>("name");
        var remove = new Command("remove", "Remove an alias.") { removeName };
        remove.SetAction(async (parse, ct) =>
            await new DocumentAliasStore(await openState([.. parse.UnmatchedTokens], ct)).RemoveAsync(parse.GetValue(removeName)!, ct) ? 0 : 1);

        foreach (var sub in new[] { set, list, remove })
        {
            sub.TreatUnmatchedTokensAsErrors = false;
            command.Subcommands.Add(sub);
        }

        return command;
    }
}
