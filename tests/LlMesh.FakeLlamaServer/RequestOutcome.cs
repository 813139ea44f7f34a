namespace LlMesh.FakeLlamaServer;

/// <summary>How a recorded request ended.</summary>
public enum RequestOutcome
{
    /// <summary>Still waiting for a slot or generating.</summary>
    Running,

    /// <summary>Answered with a success status and a complete body or stream.</summary>
    Completed,

    /// <summary>The client went away (or the server stopped) before the answer was complete.</summary>
    Aborted,

    /// <summary>Answered with an error status, or an error event in a stream.</summary>
    Failed,
}
