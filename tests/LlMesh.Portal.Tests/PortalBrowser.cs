using Microsoft.Playwright;

namespace LlMesh.Portal.Tests;

/// <summary>
/// A real headless Chromium driven by Playwright: the system's browser (Debian package
/// <c>chromium</c>, which <c>./test.sh</c> installs), never a downloaded one. Screenshots of every
/// step go to <c>screenshots/</c> beside the test assembly.
/// </summary>
internal sealed class PortalBrowser : IAsyncDisposable
{
    public const string ChromiumEnvironmentVariable = "LLMESH_TEST_CHROMIUM";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private int _shot;

    private PortalBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<PortalBrowser> StartAsync(Uri gateway)
    {
        var chromium = Environment.GetEnvironmentVariable(ChromiumEnvironmentVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"The portal tests need Chromium at {chromium}: install the Debian package 'chromium' (./test.sh does) or set {ChromiumEnvironmentVariable}.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,

            // Tests may run as root (CI containers), where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = gateway.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        Directory.CreateDirectory(ScreenshotDirectory);
        return new PortalBrowser(playwright, browser, page);
    }

    public async Task ScreenshotAsync(string name)
    {
        _shot++;
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{_shot:D2}-{name}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
