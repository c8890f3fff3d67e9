using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Inference;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Consultations;

/// <summary>The app configured with the generated GGUF: the real llama.cpp host answers the patient's chat.</summary>
public sealed class LocalModelFixture : BrowserFixture
{
    private readonly string modelsDirectory = Directory.CreateTempSubdirectory("medportal-models-").FullName;
    private readonly string modelPath;

    public LocalModelFixture() => modelPath = TinyGguf.Write(Path.Combine(modelsDirectory, $"medportal-app-{Guid.NewGuid():N}.gguf"));

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inference:ModelPath"] = modelPath,
        ["Inference:ModelsDirectory"] = modelsDirectory,
        ["Inference:Threads"] = "1",
        ["Inference:ContextSize"] = "16384",
        ["Inference:MaxParallelSequences"] = "4",
    };

    protected override ValueTask DisposeExtraAsync()
    {
        Directory.Delete(modelsDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed class LocalModelChatTests(LocalModelFixture browser) : IClassFixture<LocalModelFixture>
{
    [Fact]
    public async Task ModelConfigured_PageShowsTheModelAndTheReplyStreamsFromLlamaCpp()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var chat = await ChatPage.StartAsync(page);

        var mode = page.Locator("[data-testid=assistant-mode]");
        await Assertions.Expect(mode).ToHaveAttributeAsync("data-protocol-only", "False");
        await Assertions.Expect(mode).ToContainTextAsync("medportal-app-");
        await chat.SendAndWaitForReplyAsync("I have a sore throat since yesterday");

        var reply = chat.AssistantMessages.Nth(1);
        await Assertions.Expect(reply).ToHaveAttributeAsync("data-state", "Complete");
        Assert.False(string.IsNullOrWhiteSpace(await reply.InnerTextAsync()));
        // Only admins see the checks' details on /health/ready.
        var admin = await browser.NewPageAsync();
        await new LoginPage(admin).SignInAsync(AccountClient.DemoEmail(Roles.Admin), AccountClient.DemoPassword);
        var health = await admin.APIRequest.GetAsync("/health/ready");
        Assert.Contains("\"inference\"", await health.TextAsync(), StringComparison.Ordinal);
        Assert.Contains("Ready", await health.TextAsync(), StringComparison.Ordinal);
        await admin.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}

public sealed class ModelAdminTests(LocalModelFixture browser) : IClassFixture<LocalModelFixture>
{
    [Fact]
    public async Task Admin_UnloadsThenLoadsTheModel_StatusFollowsAndPatientsSeeProtocolOnlyMeanwhile()
    {
        var admin = await browser.NewPageAsync();
        await new LoginPage(admin).SignInAsync(AccountClient.DemoEmail(Roles.Admin), AccountClient.DemoPassword, "/admin/model");
        await admin.Locator("main[data-circuit=ready]").WaitForAsync();
        var status = admin.Locator("[data-testid=model-status]");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "Ready");
        var path = await admin.Locator("[data-testid=model-path]").InputValueAsync();

        await admin.Locator("[data-testid=unload-model]").ClickAsync();
        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "NotConfigured");
        var patient = await browser.NewPageAsync();
        await new LoginPage(patient).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        await ChatPage.StartAsync(patient);
        await Assertions.Expect(patient.Locator("[data-testid=assistant-mode]")).ToHaveAttributeAsync("data-protocol-only", "True");

        Assert.EndsWith(".gguf", path, StringComparison.Ordinal);
        Assert.False(Path.IsPathRooted(path), "the page offers the file by its name in the models folder");
        await admin.Locator("[data-testid=model-path]").FillAsync("/etc/../etc/model.gguf");
        await admin.Locator("[data-testid=load-model]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=model-error]")).ToContainTextAsync("is not in the models folder");
        await admin.Locator("[data-testid=model-path]").FillAsync("missing.gguf");
        await admin.Locator("[data-testid=load-model]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=model-error]")).ToContainTextAsync("There is no GGUF file 'missing.gguf'");
        await admin.Locator("[data-testid=model-path]").FillAsync(path);
        await admin.Locator("[data-testid=load-model]").ClickAsync();
        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "Ready");
        await patient.ReloadAsync();
        await Assertions.Expect(patient.Locator("[data-testid=assistant-mode]")).ToHaveAttributeAsync("data-protocol-only", "False");
        await admin.Context.CloseAsync();
        await patient.Context.CloseAsync();
    }
}
