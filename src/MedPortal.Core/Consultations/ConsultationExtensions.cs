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
    /// <summary>Registers the conversation store, the screening, the chat turn, the nurse queue with its escalation, and the dashboard. The host registers an <see cref="Chat.IAssistantModelSource"/>.</summary>
    public static IHostApplicationBuilder AddMedPortalConsultations(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConsultationReader>();
        builder.Services.AddSingleton<MedPortal.Core.Identity.PeopleDirectory>();
        builder.Services.AddSingleton<ConsultationConversation>();
        builder.Services.AddSingleton(_ => new ConversationScreener());
        builder.Services.AddSingleton<ConsultationAssistant>();
        builder.Services.AddSingleton<NurseReview>();
        builder.Services.AddOptions<EscalationOptions>().BindConfiguration(EscalationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ReviewEscalation>();
        builder.Services.AddHostedService<ReviewEscalationService>();
        builder.Services.AddSingleton<AgreementStatistics>();
        builder.Services.AddSingleton<MedPortal.Core.Operations.OperationsReader>();
        builder.Services.AddSingleton<MedPortal.Core.Summaries.SummaryService>();
        builder.Services.AddSingleton<AssistantReplyWriter>();
        builder.Services.AddSingleton<ActiveReplies>();
        builder.Services.AddSingleton<AnswerPatient>();
        return builder;
    }
}
