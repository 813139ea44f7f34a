using System.Net;
using System.Text;
using System.Text.Json;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests;

public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private TestMesh Mesh => fixture.Mesh;

    private int ChatRequestsSeen() => Mesh.Backend.Requests.Count(r => r.Path == "/v1/chat/completions");

    [Theory]
    [InlineData(null, "missing_api_key")]
    [InlineData("sk-wrong-wrong-wrong-wrong", "invalid_api_key")]
    [InlineData(TestMesh.ClientToken, "invalid_api_key")]
    public async Task NoOrWrongKey_Is401_InOpenAiErrorFormat(string? key, string code)
    {
        using var client = Mesh.CreateClient(key);
        using var response = await client.SendAsync(ChatRequests.Create(Mesh.Model, stream: false, maxTokens: 2));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await ChatRequests.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task AnthropicStyleKeyHeader_IsAccepted()
    {
        using var client = Mesh.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Add("x-api-key", TestMesh.ApiKey);
        using var response = await client.GetAsync(new Uri("v1/models", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownModel_Is404_ModelNotFound()
    {
        using var client = Mesh.CreateClient();
        using var response = await client.SendAsync(ChatRequests.Create("no-such-model", stream: true, maxTokens: 2));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await ChatRequests.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Contains("no-such-model", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"model\": \"fake-model.gguf\", \"messages\": [")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"model\": \"fake-model.gguf\"} trailing")]
    public async Task MalformedJson_Is400_AndNeverForwarded(string body)
    {
        var before = ChatRequestsSeen();
        using var client = Mesh.CreateClient();
        using var response = await client.PostAsync(new Uri("v1/chat/completions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await ChatRequests.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(before, ChatRequestsSeen());
    }

    [Fact]
    public async Task MissingModel_Is400_NamingTheField()
    {
        using var client = Mesh.CreateClient();
        using var response = await client.PostAsync(new Uri("v1/chat/completions", UriKind.Relative), new StringContent("{\"messages\":[]}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await ChatRequests.ReadJsonAsync(response)).GetProperty("error");
        Assert.Contains("model", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OversizedBody_Is413_AndNeverForwarded(bool chunked)
    {
        var before = ChatRequestsSeen();
        var text = new string('x', BadInputFixture.BodyLimit);
        var body = JsonSerializer.Serialize(new { model = Mesh.Model, messages = new[] { new { role = "user", content = text } } });
        using var client = Mesh.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = (await ChatRequests.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
        Assert.Equal(before, ChatRequestsSeen());
    }

    [Fact]
    public async Task BrokenChunkedBody_Is400_InOpenAiFormat_AndGatewayKeepsServing()
    {
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(Mesh.Gateway.BaseAddress.Host, Mesh.Gateway.Port);
            var stream = tcp.GetStream();
            var request = $"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TestMesh.ApiKey}\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"mod\r\nzz-not-a-chunk-size\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            using var reader = new StreamReader(stream, Encoding.ASCII);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var answer = await reader.ReadToEndAsync(cts.Token);

            Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
            Assert.Contains("\"invalid_request_error\"", answer, StringComparison.Ordinal);
        }

        using var client = Mesh.CreateClient();
        using var response = await client.SendAsync(ChatRequests.Create(Mesh.Model, stream: false, maxTokens: 1));
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task UnknownEndpoint_Is404_InOpenAiFormat()
    {
        using var client = Mesh.CreateClient();
        using var response = await client.GetAsync(new Uri("v1/nothing-here", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_endpoint", (await ChatRequests.ReadJsonAsync(response)).GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("ct-not-a-valid-token-0000000000")]
    [InlineData(TestMesh.ApiKey)]
    public async Task WrongClientToken_AgentIsRefused_StopsWithClearMessage_TokenNeverLogged(string token)
    {
        await using var agent = await AgentProcess.StartAsync(Mesh.Gateway.BaseAddress, token, [Mesh.Backend.BaseAddress], waitForTunnel: false);

        var exitCode = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains("refused the client token", agent.Output, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Task.FromResult(Mesh.Gateway.Output.Contains("Refused a tunnel", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5), "the gateway logs the refusal");
        Assert.DoesNotContain(token, Mesh.Gateway.Output, StringComparison.Ordinal);

        // One attempt, no retry storm.
        Assert.Single(agent.Output.Split('\n'), l => l.Contains("refused the client token", StringComparison.Ordinal));
    }
}
