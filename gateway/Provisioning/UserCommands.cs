using System.CommandLine;
using LlMesh.State.Documents;
using LlMesh.State.Users;

namespace LlMesh.Gateway.Provisioning;

/// <summary><c>users set|list</c>: isolation flags per user.</summary>
internal static class UserCommands
{
    public static Command Create(Func<string[], CancellationToken, Task<StateStore>> openState)
    {
        var command = new Command("users", "Manage users' isolation flags.");
        var name = new Argument<string>("name");
        var send = new Option<bool>("--send-isolated") { Description = "The user's requests run only on the user's own workers." };
        var receive = new Option<bool>("--receive-isolated") { Description = "The user's workers serve only the user's own requests." };
        var set = new Command("set", "Set a user's flags (omitted flags are off).") { name, send, receive };
        set.SetAction(async (parse, ct) =>
        {
            await new DocumentUserStore(await openState([.. parse.UnmatchedTokens], ct)).SetAsync(
                new UserRecord(parse.GetValue(name)!, parse.GetValue(send), parse.GetValue(receive)), ct);
            return 0;
        });

        var list = new Command("list", "List users with flags.");
        list.SetAction(async (parse, ct) =>
        {
            foreach (var user in await new DocumentUserStore(await openState([.. parse.UnmatchedTokens], ct)).ListAsync(ct))
            {
                Console.WriteLine($"{user.Name}\tsend-isolated={user.SendIsolated}\treceive-isolated={user.ReceiveIsolated}");
            }

            return 0;
        });

        foreach (var sub in new[] { set, list })
        {
            sub.TreatUnmatchedTokensAsErrors = false;
            command.Subcommands.Add(sub);
        }

        return command;
    }
}
