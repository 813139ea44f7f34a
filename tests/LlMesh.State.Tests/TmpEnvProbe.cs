namespace LlMesh.State.Tests;
public sealed class TmpEnvProbe
{
    [Fact]
    public void Probe() => Assert.Fail("ENV=" + Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") + " switch=" + (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var v) ? v.ToString() : "unset"));
}
