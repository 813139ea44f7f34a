using Anthropic;
using Anthropic.Models.Messages;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>One Anthropic request, streamed or not, read into the same shape so both ways can be asserted alike.</summary>
internal static class RoundTrip
{
    public static async Task<StreamedMessage> AskAsync(AnthropicClient client, MessageCreateParams request, bool stream)
    {
        if (stream)
        {
            return await StreamedMessage.ReadAsync(client.Messages.CreateStreaming(request));
        }

        return StreamedMessage.From(await client.Messages.Create(request));
    }
}
