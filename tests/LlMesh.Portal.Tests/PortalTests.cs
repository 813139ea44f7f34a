using System.ClientModel;
using System.Net;
using System.Text.RegularExpressions;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using Microsoft.Playwright;
using OpenAI;
using OpenAI.Chat;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.Portal.Tests;

/// <summary>
/// The portal in real Chromium against a real gateway, agent and fake llama-server: what an owner does
/// on day one — claim the gateway, connect a machine, hand out a key, revoke it, edit an alias, watch a job.
/// </summary>
public sealed partial class PortalTests : IAsyncLifetime
{
    private const string Password = "a long enough admin password";
    private readonly TempDirectory _data = new();
    private FakeServer _backend = null!;
    private GatewayProcess _gateway = null!;
    private AgentProcess? _agent;
    private PortalBrowser _browser = null!;

    private IPage Page => _browser.Page;

    public async Task InitializeAsync()
    {
        _backend = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 2 });
        // Sign-in throttling counts setup, sign-ins and password changes; a test makes more than a person would.
        _gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = _data.Path,
            Environment = new Dictionary<string, string?> { ["LlMesh__Admin__LoginAttemptsPerMinute"] = "30" },
        });
        _browser = await PortalBrowser.StartAsync(_gateway.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task OwnersFirstDay_SetupTokenAgentKeyRevokeAliasAndLiveJob()
    {
        // First-run setup with the code from the gateway's log.
        await Page.GotoAsync("/portal");
        await Page.Locator("#setup-code").WaitForAsync();
        await _browser.ScreenshotAsync("setup");
        await Page.FillAsync("#setup-code", await SetupCodeAsync());
        await Page.FillAsync("#setup-name", "owner");
        await Page.FillAsync("#setup-password", Password);
        await ClickButtonAsync("Create admin");
        await Page.Locator("#workers").GetByText("No agent is connected.").WaitForAsync();
        await _browser.ScreenshotAsync("live-empty");

        // A client token, and the agent that uses it appears in the live view by itself.
        await Page.ClickAsync("nav >> text=Client tokens");
        await Page.FillAsync("#create-name", "mac-studio");
        await ClickButtonAsync("Create client token");
        var token = (await Page.Locator("#new-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("ct-", token, StringComparison.Ordinal);
        await _browser.ScreenshotAsync("token-created");
        _agent = await AgentProcess.StartAsync(_gateway.BaseAddress, token, [_backend.BaseAddress]);
        await Page.ClickAsync("nav >> text=Live");
        await Page.Locator("#workers tr[data-worker]").First.WaitForAsync();
        Assert.Contains(_backend.Options.ModelId, await Page.Locator("#workers").TextContentAsync(), StringComparison.Ordinal);
        await _browser.ScreenshotAsync("live-agent");

        // An API key works from the OpenAI SDK until it is revoked in the UI.
        var key = await CreateKeyAsync("sdk", requestsPerMinute: 100);
        Assert.Contains("100 req/min", await Page.Locator("tr[data-id]", new() { HasText = "sdk" }).TextContentAsync(), StringComparison.Ordinal);

        // Its limits change in place (same secret): the edit form under the table.
        await Page.Locator("tr[data-id]", new() { HasText = "sdk" }).GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Page.FillAsync("#edit-rpm", "50");
        await _browser.ScreenshotAsync("key-edit");
        await ClickButtonAsync("Save changes");
        await Page.Locator("tr[data-id]", new() { HasText = "50 req/min" }).WaitForAsync();
        var chat = new ChatClient(_backend.Options.ModelId, new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(_gateway.BaseAddress, "v1") });
        var answer = await chat.CompleteChatAsync([new UserChatMessage("Hello")], new ChatCompletionOptions { MaxOutputTokenCount = 3 });
        Assert.False(string.IsNullOrEmpty(answer.Value.Content[0].Text));
        var keyId = await Page.Locator("tr[data-id]", new() { HasText = "sdk" }).GetAttributeAsync("data-id");
        await Page.ClickAsync($"tr[data-id='{keyId}'] >> text=Revoke");
        await Page.Locator($"tr[data-id='{keyId}']").GetByText("revoked").WaitForAsync();
        await _browser.ScreenshotAsync("key-revoked");
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("Hello again")]));
        Assert.Equal(401, refused.Status);

        // An alias edited in the UI shows in /v1/models.
        var second = await CreateKeyAsync("curl");
        using var v1 = _gateway.CreateClient(second);
        await Page.ClickAsync("nav >> text=Aliases");
        await Page.FillAsync("#alias-name", "coder");
        await Page.FillAsync("#alias-tiers", $"{_backend.Options.ModelId} > some-hosted-model");
        await ClickButtonAsync("Save alias");
        await Page.Locator("tr[data-alias='coder']").WaitForAsync();
        await _browser.ScreenshotAsync("alias");
        Assert.Contains("\"coder\"", await v1.GetStringAsync("v1/models"), StringComparison.Ordinal);

        // A running job shows in the live view while it runs.
        _backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(200);
        var slow = new ChatClient("coder", new ApiKeyCredential(second), new OpenAIClientOptions { Endpoint = new Uri(_gateway.BaseAddress, "v1") });
        var running = slow.CompleteChatAsync([new UserChatMessage("Take your time")], new ChatCompletionOptions { MaxOutputTokenCount = 40 });
        await Page.ClickAsync("nav >> text=Live");
        await Page.Locator("#running tr[data-job]").WaitForAsync();
        Assert.Contains("coder", await Page.Locator("#running").TextContentAsync(), StringComparison.Ordinal);
        await _browser.ScreenshotAsync("live-running-job");
        await running;

        // Sign out and back in.
        await Page.ClickAsync("#logout");
        await Page.FillAsync("#login-name", "owner");
        await Page.FillAsync("#login-password", Password);
        await ClickButtonAsync("Sign in");
        await Page.Locator("#workers").WaitForAsync();
        await _browser.ScreenshotAsync("signed-in-again");

        // Usage: the requests made above, by user (the keys belong to the admin).
        await Page.ClickAsync("nav >> text=Usage");
        await Page.Locator("#usage-groups tr[data-usage='owner']").WaitForAsync();
        await _browser.ScreenshotAsync("usage");

        // A run-time setting saved in the portal.
        await Page.ClickAsync("nav >> text=Settings");
        await Page.FillAsync("input[name='LlMesh:Dispatch:MaxQueueDepth']", "500");
        await ClickButtonAsync("Save settings");
        await Page.Locator("#toast").GetByText("Settings saved.").WaitForAsync();
        Assert.Equal("500", await Page.InputValueAsync("input[name='LlMesh:Dispatch:MaxQueueDepth']"));
        await _browser.ScreenshotAsync("settings");

        // The audit page lists what was done, without a single secret.
        await Page.ClickAsync("nav >> text=Audit log");
        await Page.GetByText("key.revoke").WaitForAsync();
        var audit = await Page.Locator("main").TextContentAsync();
        Assert.DoesNotContain(key, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(token, audit, StringComparison.Ordinal);
        await _browser.ScreenshotAsync("audit");
        Assert.True(Directory.GetFiles(PortalBrowser.ScreenshotDirectory, "*.png").Length >= 9);
    }

    [Fact]
    public async Task WrongSetupCode_IsRefusedInTheUi_AndNoAdminIsCreated()
    {
        await Page.GotoAsync("/portal");
        await Page.FillAsync("#setup-code", "AAAA-BBBB-CCCC");
        await Page.FillAsync("#setup-name", "stranger");
        await Page.FillAsync("#setup-password", Password);
        await ClickButtonAsync("Create admin");

        await Page.Locator("#toast").GetByText("Wrong setup code").WaitForAsync();
        await _browser.ScreenshotAsync("setup-wrong-code");
        using var http = new HttpClient { BaseAddress = _gateway.BaseAddress };
        Assert.Contains("\"setupRequired\":true", await http.GetStringAsync("admin/api/status"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("admin/api/me")).StatusCode);
    }

    [Fact]
    public async Task AccountPage_ChangesThePassword_ThenSignsOutEverywhere()
    {
        await Page.GotoAsync("/portal");
        await Page.FillAsync("#setup-code", await SetupCodeAsync());
        await Page.FillAsync("#setup-name", "owner");
        await Page.FillAsync("#setup-password", Password);
        await ClickButtonAsync("Create admin");
        await Page.Locator("#workers").WaitForAsync();

        // A password typed wrong is said so, and the session stays.
        await Page.ClickAsync("nav >> text=Account");
        await Page.FillAsync("#current-password", "not my password");
        await Page.FillAsync("#new-password", "my new long password");
        await ClickButtonAsync("Change password");
        await Page.Locator("#toast").GetByText("The current password is wrong.").WaitForAsync();

        await Page.FillAsync("#current-password", Password);
        await Page.FillAsync("#new-password", "my new long password");
        await ClickButtonAsync("Change password");
        await Page.Locator("#toast").GetByText("Password changed.").WaitForAsync();
        await _browser.ScreenshotAsync("account-password-changed");

        // The session was signed in again: changes still pass the anti-forgery check.
        await CreateKeyAsync("after-password-change");

        await Page.ClickAsync("nav >> text=Account");
        await ClickButtonAsync("Sign out everywhere");
        await Page.FillAsync("#login-name", "owner");
        await Page.FillAsync("#login-password", Password);
        await ClickButtonAsync("Sign in");
        await Page.Locator("#toast").GetByText("Wrong name or password.").WaitForAsync();
        await Page.FillAsync("#login-password", "my new long password");
        await ClickButtonAsync("Sign in");

        // Back on the page the address names.
        await Page.Locator("#password-form").WaitForAsync();
        Assert.Contains("owner (admin)", await Page.Locator("#session").TextContentAsync(), StringComparison.Ordinal);
    }

    private Task ClickButtonAsync(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();

    private async Task<string> CreateKeyAsync(string name, int? requestsPerMinute = null)
    {
        await Page.ClickAsync("nav >> text=API keys");
        await Page.FillAsync("#create-name", name);
        if (requestsPerMinute is { } limit)
        {
            await Page.FillAsync("input[name='requestsPerMinute']", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await ClickButtonAsync("Create API key");
        await Page.Locator("#new-secret").WaitForAsync();
        await _browser.ScreenshotAsync("key-created-" + name);
        return (await Page.Locator("#new-secret").TextContentAsync())!.Trim();
    }

    private async Task<string> SetupCodeAsync()
    {
        var line = await _gateway.WaitForLineAsync(l => l.Contains("one-time code:", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        return SetupCodePattern().Match(line).Value;
    }

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex SetupCodePattern();
}
