namespace LlMesh.State;

/// <summary>Scheduling tier of a request. Lower value, served first.</summary>
public enum Priority
{
    High = 0,
    Normal = 1,
    Low = 2,
}

public static class PriorityNames
{
    public static bool TryParse(string? value, out Priority priority)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "high":
                priority = Priority.High;
                return true;
            case "normal":
                priority = Priority.Normal;
                return true;
            case "low":
                priority = Priority.Low;
                return true;
            default:
                priority = Priority.Normal;
                return false;
        }
    }

    public static string Name(this Priority priority) => priority switch
    {
        Priority.High => "high",
        Priority.Low => "low",
        _ => "normal",
    };
}
