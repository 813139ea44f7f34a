using System.Text;
using LlMesh.FakeLlamaServer.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlMesh.FakeLlamaServer.Recording;

/// <summary>
/// Records every POST (headers, raw body) before any other check, and turns the end of its handler into an outcome:
/// a cancelled handler means the client left (or the server stopped), anything else is judged by the status code.
/// </summary>
internal sealed class RecordingMiddleware(RequestDelegate next, ServerState state, ILogger logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await next(context);
            return;
        }

        // Handlers only watch RequestAborted; linking it to server shutdown ends hanging requests when the server stops.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        context.RequestAborted = cancellation.Token;

        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(cancellation.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or BadHttpRequestException)
        {
            context.Abort();
            return;
        }

        using var post = IncomingPost.Parse(body);
        var tracker = Begin(context, post);
        context.Features.Set(post);
        context.Features.Set(tracker);

        try
        {
            await next(context);
            var status = context.Response.StatusCode;
            tracker.Finish(status < 400 ? RequestOutcome.Completed : RequestOutcome.Failed, status);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            tracker.Finish(RequestOutcome.Aborted, statusCode: null);
            context.Abort();
        }
    }

    private RequestTracker Begin(HttpContext context, IncomingPost post)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var startedAt = state.Time.GetUtcNow();
        var recorded = state.Recorder.Add(id => new RecordedRequest(
            id, request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", post.Body, post.Stream, headers, startedAt));
        return new RequestTracker(state.Recorder, recorded.Id, state.Time, logger);
    }
}
