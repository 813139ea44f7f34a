using LlMesh.Testing;
using LlMesh.Testing.Identity;
using LlMesh.Testing.Processes;
using Microsoft.Playwright;

namespace LlMesh.Portal.Tests;

/// <summary>
/// Signing in to the portal page with Entra ID in real Chromium: the button sends the browser through the
/// (local) issuer and back, signed in with the role its ID token grants.
/// </summary>
public sealed class EntraPortalTests : IAsyncLifetime
{
    private EntraGateway _entra = null!;
    private PortalBrowser _browser = null!;

    private LocalOidcIssuer Issuer => _entra.Issuer;

    private IPage Page => _browser.Page;

    public async Task InitializeAsync()
    {
        _entra = await EntraGateway.StartAsync("llmesh-portal-test", webSignIn: true);
        _browser = await PortalBrowser.StartAsync(_entra.Gateway.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _entra.DisposeAsync();
    }

    [Fact]
    public async Task SignInWithMicrosoft_AdminSeesThePortal_SignOut_ThenAUserWithoutARoleIsTurnedAway()
    {
        Issuer.SignInAs("ada@example.com", "llmesh.admin");
        await Page.GotoAsync("/portal");
        var button = Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Microsoft", Exact = true });
        await button.WaitForAsync();
        await _browser.ScreenshotAsync("entra-signin");

        await button.ClickAsync();
        await Page.Locator("#workers").GetByText("No agent is connected.").WaitForAsync();
        Assert.Contains("ada@example.com", await Page.Locator("#session").TextContentAsync(), StringComparison.Ordinal);
        await Page.ClickAsync("nav >> text=Users");
        await Page.GetByRole(AriaRole.Heading, new() { Name = "Users" }).WaitForAsync();
        await _browser.ScreenshotAsync("entra-signed-in");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await button.WaitForAsync();

        Issuer.SignInAs("eve@example.com", "payroll.reader");
        await button.ClickAsync();
        await Page.Locator("#toast").GetByText("Sign-in with Microsoft failed", new() { Exact = false }).WaitForAsync();
        await _browser.ScreenshotAsync("entra-refused");
        Assert.DoesNotContain("signin=failed", Page.Url, StringComparison.Ordinal);
        Assert.True(await button.IsVisibleAsync());
    }
}
