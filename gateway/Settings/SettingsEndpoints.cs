using LlMesh.Gateway.Admin;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Streaming;
using LlMesh.State.Audit;
using LlMesh.State.Documents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Settings;

/// <summary><c>GET|PUT /admin/api/settings</c>: the run-time settings, in force on every replica at once.</summary>
internal static class SettingsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/settings").RequireAuthorization(AdminDefaults.AdminPolicy).AddEndpointFilter<AntiforgeryFilter>();
        admin.MapGet("", List);
        admin.MapPut("", SaveAsync);
    }

    private static Ok<IReadOnlyList<SettingView>> List(StateStore state, IOptionsMonitor<LongRunOptions> longRuns, IOptionsMonitor<DispatchOptions> dispatch) =>
        TypedResults.Ok<IReadOnlyList<SettingView>>([.. EditableSettings.All.Select(s => new SettingView(
            s.Key, s.Current(longRuns.CurrentValue, dispatch.CurrentValue), state.Document.Settings.ContainsKey(s.Key), s.Description))]);

    /// <summary>Sets (a value) or clears (null: back to the configuration files) settings; all or nothing, validated like at start-up.</summary>
    private static async Task<Results<NoContent, ValidationProblem>> SaveAsync(
        SettingsUpdate update, HttpContext context, StateStore state, IConfiguration configuration, IAuditLog audit, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var changes = update.Values ?? new Dictionary<string, string?>();
        foreach (var key in changes.Keys.Where(k => EditableSettings.Find(k) is null))
        {
            errors[key] = ["Not a setting that can be changed at run time."];
        }

        if (errors.Count == 0)
        {
            // Checked first against the document as this replica has it, so a refused save writes nothing.
            errors = Validate(configuration, Merge(state.Document.Settings, changes));
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Merged into the newest document inside the update, so a save made meanwhile (another admin,
        // another replica) is kept, and the result is validated as a whole, as at start-up. Refused there
        // (a save made meanwhile makes this one invalid), the update is abandoned and writes nothing.
        try
        {
            await state.UpdateAsync(
                doc =>
                {
                    var candidate = Merge(doc.Settings, changes);
                    var problems = Validate(configuration, candidate);
                    doc.Settings = problems.Count == 0 ? candidate : throw new SettingsRefusedException(problems);
                    return true;
                },
                context.RequestAborted);
        }
        catch (SettingsRefusedException refused)
        {
            return TypedResults.ValidationProblem(refused.Errors);
        }

        var detail = string.Join(", ", changes.Select(c => $"{c.Key}={(string.IsNullOrWhiteSpace(c.Value) ? "(default)" : c.Value.Trim())}"));
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), context.User.Name(), "settings.set", "settings", detail), context.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>The saved settings with <paramref name="changes"/> applied: a value sets, an empty one clears.</summary>
    private static Dictionary<string, string> Merge(Dictionary<string, string> saved, Dictionary<string, string?> changes)
    {
        var candidate = new Dictionary<string, string>(saved, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            var setting = EditableSettings.Find(key)!;
            if (string.IsNullOrWhiteSpace(value))
            {
                candidate.Remove(setting.Key);
            }
            else
            {
                candidate[setting.Key] = value.Trim();
            }
        }

        return candidate;
    }

    /// <summary>The options as they would be with <paramref name="candidate"/>, checked by the same validators as at start-up.</summary>
    private static Dictionary<string, string[]> Validate(IConfiguration configuration, Dictionary<string, string> candidate)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        // Disposed: a trial left behind stays subscribed to the real configuration's reloads for good.
        using var trial = new ConfigurationManager();
        trial.AddConfiguration(configuration);
        trial.AddInMemoryCollection(candidate.Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)));
        var longRuns = new LongRunOptions();
        var dispatch = new DispatchOptions();
        try
        {
            trial.GetSection(LongRunOptions.SectionName).Bind(longRuns);
            trial.GetSection(DispatchOptions.SectionName).Bind(dispatch);
        }
        catch (InvalidOperationException ex)
        {
            errors["values"] = [ex.Message];
            return errors;
        }

        foreach (var failure in new LongRunOptionsValidator().Validate(longRuns).Errors)
        {
            errors[$"{LongRunOptions.SectionName}:{failure.PropertyName}"] = [failure.ErrorMessage];
        }

        foreach (var failure in new DispatchOptionsValidator().Validate(dispatch).Errors)
        {
            errors[$"{DispatchOptions.SectionName}:{failure.PropertyName}"] = [failure.ErrorMessage];
        }

        return errors;
    }
}

internal sealed record SettingView(string Key, string Value, bool Overridden, string Description);

internal sealed record SettingsUpdate(Dictionary<string, string?>? Values);
