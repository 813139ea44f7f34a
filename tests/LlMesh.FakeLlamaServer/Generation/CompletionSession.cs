using System.Globalization;
using System.Text;
using LlMesh.FakeLlamaServer.Dialects;
using LlMesh.FakeLlamaServer.Hosting;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Recording;
using LlMesh.FakeLlamaServer.Slots;
using LlMesh.FakeLlamaServer.Sse;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>The generation of one request that holds a slot: tokens streamed as SSE or gathered into one body.</summary>
internal sealed class CompletionSession(
    HttpContext context,
    CompletionDialect dialect,
    CompletionContext completion,
    GenerationPlan plan,
    SlotLease slot,
    RequestTracker tracker,
    ServerState state)
{
    private readonly GenerationClock _clock = new(state.Time);
    private int _sent;

    private CancellationToken Aborted => context.RequestAborted;

    public Task RunAsync() => completion.Request.Stream ? StreamAsync() : RespondAsync();

    private async Task StreamAsync()
    {
        using var sse = new SseWriter(context.Response);

        // As in llama-server, nothing (not even the 200 head) leaves before the first token exists:
        // the role chunk and the first content chunk are sent together, right after prefill.
        await foreach (var index in TokenSource.ProduceAsync(plan.Tokens, state.Behavior, state.Time, Aborted))
        {
            _clock.MarkFirstToken();
            if (plan.FailsAt(_sent))
            {
                break;
            }

            StartStream(sse);
            dialect.WriteStreamToken(sse, completion, index, completion.Request.Reply.Token(index));
            await sse.FlushAsync(Aborted);
            CountToken();
        }

        if (plan.FailsAt(_sent))
        {
            await FailAsync(sse);
            return;
        }

        StartStream(sse);
        dialect.WriteStreamEnd(sse, completion, Result(content: ""));
        await sse.FlushAsync(Aborted);
    }

    private async Task RespondAsync()
    {
        var content = new StringBuilder();
        await foreach (var index in TokenSource.ProduceAsync(plan.Tokens, state.Behavior, state.Time, Aborted))
        {
            _clock.MarkFirstToken();
            if (plan.FailsAt(_sent))
            {
                break;
            }

            content.Append(completion.Request.Reply.Token(index));
            CountToken();
        }

        if (plan.FailsAt(_sent))
        {
            await FailAsync(sse: null);
            return;
        }

        var result = Result(content.ToString());
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer => dialect.WriteResponse(writer, completion, result));
    }

    private void StartStream(SseWriter sse)
    {
        if (!sse.Started)
        {
            sse.Start();
            dialect.WriteStreamStart(sse, completion);
        }
    }

    private void CountToken()
    {
        _sent++;
        tracker.TokenSent();
        slot.ReportProgress(_sent, plan.Tokens - _sent);
    }

    private CompletionResult Result(string content) =>
        new(content, _sent, plan.Truncated, _clock.Stop(completion.Request.PromptTokens, completion.CachedTokens, _sent))
        {
            CalledTool = completion.Request.Reply.ToolCall is not null,
        };

    /// <summary>
    /// A failure before anything was streamed is an ordinary 500 answer (llama-server checks the first result
    /// before committing to a stream); later it is an error event, and the stream ends without its terminator.
    /// </summary>
    private async Task FailAsync(SseWriter? sse)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"fake failure after {_sent} tokens");
        if (sse is not { Started: true })
        {
            await dialect.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, message, LlamaError.ServerError);
            return;
        }

        dialect.WriteStreamError(sse, StatusCodes.Status500InternalServerError, message, LlamaError.ServerError);
        await sse.FlushAsync(Aborted);
        tracker.Finish(RequestOutcome.Failed, StatusCodes.Status200OK);
    }
}
