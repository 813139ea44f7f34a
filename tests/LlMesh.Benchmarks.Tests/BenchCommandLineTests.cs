using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks.Tests;

public sealed class BenchCommandLineTests
{
    [Fact]
    public void NoArguments_GiveTheFullRun()
    {
        var options = Parse();

        Assert.Equal(5, options.Repeats);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.RoundDuration);
        Assert.Equal(BenchOptions.AllPhases, options.PhasesInOrder);
        Assert.Equal(BenchOptions.AllShapes, options.Shapes);
        Assert.Equal([500, 1000, 2000, 4000], options.HoldStreams);
        Assert.Equal(RequestShape.Sse16.DefaultConcurrencies, options.ConcurrenciesFor(RequestShape.Sse16));
        Assert.Equal(1000, options.MaxConcurrency);
        Assert.Equal(10, options.FailoverRepeats);
        Assert.Equal("aot", options.Build);
        Assert.True(options.WriteReport);
        Assert.Empty(options.ChildEnvironment);
    }

    [Fact]
    public void ModesAndConcurrencies_AsGiven_AModesOwnListWinning()
    {
        var options = Parse("--modes", "chat,sse16:10/1000", "--concurrency", "1,2", "--phases", "paths,failover", "--hold-streams", "2000,500");

        Assert.Equal([RequestShape.Chat, RequestShape.Sse16], options.Shapes);
        Assert.Equal([1, 2], options.ConcurrenciesFor(RequestShape.Chat));
        Assert.Equal([10, 1000], options.ConcurrenciesFor(RequestShape.Sse16));
        Assert.Equal(["paths", "failover"], options.PhasesInOrder);
        Assert.Equal([500, 2000], options.HoldStreams);
    }

    [Fact]
    public void Quick_ShortensTheRun_ButExplicitOptionsWin()
    {
        var options = Parse("--quick", "--failover-repeats", "7");

        Assert.Equal(1, options.Repeats);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RoundDuration);
        Assert.Equal([500, 1000], options.HoldStreams);
        Assert.Equal(7, options.FailoverRepeats);
        Assert.False(options.WriteReport);
    }

    [Fact]
    public void ChildEnvironment_IsRepeatable_AndKeepsEqualsSignsInValues()
    {
        var options = Parse("--child-env", "A=1", "--child-env", "B=x=y");

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x=y" }, options.ChildEnvironment);
    }

    [Theory]
    [InlineData("--repeats", "0", "--repeats needs a positive integer.")]
    [InlineData("--modes", "chat,foo", "Unknown mode 'foo'")]
    [InlineData("--hold-streams", "500,5000", "at most 4096 streams")]
    [InlineData("--phases", "paths,nope", "Unknown phase 'nope'")]
    [InlineData("--child-env", "X", "--child-env needs KEY=VALUE")]
    [InlineData("--round-seconds", "0", "--round-seconds needs a positive number.")]
    [InlineData("--concurrency", "1,x", "--concurrency needs positive integers")]
    public void BadValues_AreErrorsThatNameTheOption(string option, string value, string message)
    {
        var parse = BenchCommandLine.Create(_ => Task.FromResult(0)).Parse([option, value]);

        Assert.Contains(parse.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    private static BenchOptions Parse(params string[] args)
    {
        var parse = BenchCommandLine.Create(_ => Task.FromResult(0)).Parse(args);
        Assert.Empty(parse.Errors);
        return BenchCommandLine.ToOptions(parse);
    }
}
