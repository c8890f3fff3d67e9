using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Consultations.Dashboard;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Consultations.Screening;

namespace MedPortal.Core.Consultations;

/// <summary>Registers the consultation loop's patient side.</summary>
public static class ConsultationExtensions
{
    /// <summary>Registers the conversation store, the assistant, the reply writer and the protocol chat client.</summary>
    public static IHostApplicationBuilder AddMedPortalConsultations(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConsultationReader>();
        builder.Services.AddSingleton<ConsultationConversation>();
        builder.Services.AddSingleton(_ => new ConversationScreener());
        builder.Services.AddSingleton<ConsultationAssistant>();
        builder.Services.AddSingleton<NurseReview>();
        builder.Services.AddSingleton<AgreementStatistics>();
        builder.Services.AddSingleton<MedPortal.Core.Summaries.SummaryService>();
        builder.Services.AddSingleton<AssistantReplyWriter>();
        builder.Services.AddSingleton<ActiveReplies>();
        builder.Services.AddSingleton<ProtocolChatClient>();
        return builder;
    }
}
