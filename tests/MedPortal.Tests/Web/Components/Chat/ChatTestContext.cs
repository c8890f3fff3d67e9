using Bunit;
using MedPortal.Core.Consultations.Screening;
using MedPortal.Core.Consultations.TextMining;
using MedPortal.Core.Triage;
using MudBlazor.Services;

namespace MedPortal.Tests.Web.Components.Chat;

/// <summary>A bUnit context for the chat components: the component library's services and loose JS interop.</summary>
public abstract class ChatTestContext : BunitContext, IAsyncLifetime
{
    protected ChatTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        ChatModule = JSInterop.SetupModule("./js/chat.js");
        ChatModule.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // Some components are async-disposable only: dispose the renderer asynchronously.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>The chat script, as the components import it.</summary>
    protected BunitJSModuleInterop ChatModule { get; }

    internal static ScreeningResult Screening(Acuity acuity, bool crisis, string? kind = null, params FiredRuleRecord[] rules) =>
        new(acuity, crisis, kind, "Based on what you described, you need emergency help now.", rules, new CaseFacts(), [], new HashSet<string>(), false, "test");

    internal static FiredRuleRecord Rule(string id, Acuity acuity) => new(id, id, (int)acuity, "test", []);
}
