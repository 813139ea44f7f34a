using System.Globalization;
using LlMesh.State.Documents;

namespace LlMesh.State.Tests.Contract;

/// <summary>
/// What every <see cref="StateStore"/> promises about its document while its own writes and the
/// reloads they set off (a file watcher, a Redis notification) run at the same time.
/// </summary>
public abstract class StateDocumentContract : StateStoreContract
{
    private const string Key = "LlMesh:Dispatch:MaxQueueDepth";

    [Fact]
    public async Task AfterEachWrite_TheDocumentShowsIt_AReloadOfAnOlderVersionNeverWinsOverIt()
    {
        var state = await NewStateAsync();
        for (var i = 1; i <= 200; i++)
        {
            var value = i.ToString(CultureInfo.InvariantCulture);
            await state.UpdateAsync(doc => doc.Settings[Key] = value, CancellationToken.None);

            // Read twice: right after the write, and after the reloads it set off had time to run.
            Assert.Equal(value, state.Document.Settings[Key]);
            if (i % 20 == 0)
            {
                await Task.Delay(50);
                Assert.Equal(value, state.Document.Settings[Key]);
            }
        }
    }

    [Fact]
    public async Task ChangedHandlers_ThatReadTheDocument_EndOnTheNewestWrite()
    {
        var state = await NewStateAsync();
        var seen = new List<string?>();
        state.Changed += () =>
        {
            var value = state.Document.Settings.GetValueOrDefault(Key);
            lock (seen)
            {
                seen.Add(value);
            }
        };

        for (var i = 1; i <= 100; i++)
        {
            var value = i.ToString(CultureInfo.InvariantCulture);
            await state.UpdateAsync(doc => doc.Settings[Key] = value, CancellationToken.None);
        }

        await Task.Delay(500);
        lock (seen)
        {
            Assert.Equal("100", seen[^1]);
        }
    }
}
