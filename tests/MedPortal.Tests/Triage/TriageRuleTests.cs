using MedPortal.Core.Triage;
using MedPortal.Core.Triage.Knowledge;

namespace MedPortal.Tests.Triage;

public sealed class TriageRuleTests
{
    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    /// <summary>One example per combination, age, pregnancy, duration and severity rule. A new rule without an example fails <see cref="Examples_CoverEveryCombinationAndModifierRule"/>.</summary>
    public static readonly TheoryData<string, string> Examples = new()
    {
        { "C-ACS-001", "Chest pain spreading to my jaw and I'm sweaty." },
        { "C-ACS-002", "Chest pain, I smoke and have high cholesterol." },
        { "C-ACS-003", "Chest pain with palpitations." },
        { "C-ACS-004", "Chest pain when climbing the stairs." },
        { "C-BURN-010", "I scalded my leg with the kettle. The skin has gone white and leathery." },
        { "C-ACS-010", "My father is 70. He has pain in the upper part of his stomach and he is clammy and sweating." },
        { "C-PE-001", "Short of breath after a long flight." },
        { "C-PE-002", "Short of breath with sharp pain when I breathe in." },
        { "C-RESP-001", "Wheezing and short of breath, my inhaler isn't helping." },
        { "C-RESP-002", "Wheezing and short of breath." },
        { "C-RESP-003", "Fever and cough with green phlegm." },
        { "C-RESP-004", "I have asthma and I'm wheezy." },
        { "C-RESP-005", "Short of breath and I can't lie flat." },
        { "C-RESP-006", "Barking cough and struggling to breathe a bit." },
        { "C-RESP-007", "Coughing fits that end in a whoop." },
        { "C-ENT-001", "Fever, drooling and noisy breathing." },
        { "C-ENT-002", "Sore throat and stridor." },
        { "C-ENT-003", "Drooling with a fever." },
        { "C-MENING-001", "Fever and a rash that doesn't fade under a glass." },
        { "C-MENING-002", "Fever and a stiff neck." },
        { "C-MENING-003", "Fever, headache and light hurts my eyes." },
        { "C-MENING-004", "Headache, stiff neck and vomiting." },
        { "C-SEPSIS-001", "Fever while on chemotherapy." },
        { "C-BLEED-010", "Vomiting blood since this morning. HR 124, BP 102/60." },
        { "C-CARD-011", "Double vision, my blood pressure is 210/125." },
        { "C-CARD-020", "Terrible headache, 9/10, my blood pressure is 210/125." },
        { "C-CARD-012", "A 70-year-old, dizzy on standing, BP 95/60, low blood pressure." },
        { "C-TOX-020", "My toddler got into the cupboard and ate some of grandma's heart tablets." },
        { "C-SEPSIS-010", "A 40-year-old with a fever. T 38.9 C, HR 118, RR 24." },
        { "C-SEPSIS-011", "A 35-year-old woman with a fever. T 38.2 C, HR 98, RR 18." },
        { "C-PED-010", "My 2-year-old has had diarrhoea since yesterday and her eyes look sunken." },
        { "C-SEPSIS-012", "A 44-year-old man with fever and chills since yesterday. Temp 38.9, pulse 112, RR 18." },
        { "C-CARD-010", "A 50-year-old man brought in by ambulance with chest pain." },
        { "C-RESP-010", "I called an ambulance because I am short of breath." },
        { "C-META-010", "Her blood sugar was low and we called 911." },
        { "C-ONC-010", "I have metastatic breast cancer and the pain is 9/10." },
        { "C-HEME-001", "I have sickle cell disease and my legs hurt, pain 8/10." },
        { "C-TOX-010", "He drinks a case of beer a day and is now shaking and sweating." },
        { "MOD-AGE-031", "My 80 year old father fainted in the kitchen." },
        { "MOD-SEV-010", "Headache since this morning, pain 9/10." },
        { "C-SEPSIS-002", "Fever with rigors." },
        { "C-SEPSIS-003", "A 40-year-old with fever who hasn't peed since this morning." },
        { "C-SEPSIS-004", "He looks grey and mottled." },
        { "C-INF-001", "Fever since coming back from a trip to Ghana." },
        { "C-INF-002", "Fever and headache after a tick bite." },
        { "C-INF-003", "Tick bite last week and now a spreading rash." },
        { "C-INF-004", "Fever and a rash." },
        { "C-INF-005", "Yellow eyes and a fever." },
        { "C-INF-006", "Spreading redness on my leg and a fever." },
        { "C-INF-007", "Swollen eyelid with a fever." },
        { "C-HEAD-001", "Hit my head and I take warfarin." },
        { "C-HEAD-002", "Hit his head and vomited." },
        { "C-HEAD-003", "Bumped my head and now a headache." },
        { "C-NEURO-001", "Headache and jaw pain when chewing." },
        { "C-NEURO-002", "Headache that wakes me up at night." },
        { "C-NEURO-003", "Headache and vomiting." },
        { "C-NEURO-004", "Back pain and numbness around my bottom." },
        { "C-NEURO-005", "Saddle numbness." },
        { "C-NEURO-006", "Weakness in both legs." },
        { "C-BACK-001", "Back pain and a fever." },
        { "C-ABD-001", "Pain in the lower right abdomen and nausea." },
        { "C-ABD-002", "Abdominal pain and I fainted." },
        { "C-ABD-003", "Abdominal pain and fever." },
        { "C-ABD-004", "Stomach pain and can't keep anything down." },
        { "C-ABD-005", "Blood in my stool and I feel dizzy." },
        { "C-ABD-006", "I'm diabetic and I've been vomiting." },
        { "C-META-001", "Very thirsty and peeing all the time." },
        { "C-META-002", "Low blood sugar and confused." },
        { "C-TOX-001", "He took an overdose and is drowsy and confused." },
        { "C-TOX-002", "Took paracetamol and now has yellow skin." },
        { "C-TOX-003", "Stopped drinking alcohol two days ago and now shaking and seeing things." },
        { "C-ANAPH-001", "Stung by a wasp and now wheezing." },
        { "C-ANAPH-002", "Hives and shortness of breath." },
        { "C-ANAPH-003", "Hives after eating peanuts." },
        { "C-SYNC-001", "Fainted while running." },
        { "C-CARD-001", "Palpitations and I fainted." },
        { "C-CARD-002", "Palpitations and dizzy." },
        { "C-GU-001", "Flank pain, fever and vomiting." },
        { "C-GU-002", "Burning when I pee and a fever." },
        { "C-GU-003", "Kidney stone pain and a fever." },
        { "C-GU-004", "Flank pain and blood in my urine." },
        { "C-MSK-001", "Hot swollen knee." },
        { "C-MSK-002", "Hot swollen knee and a fever of 39." },
        { "C-SKIN-001", "Shingles blisters on my forehead." },
        { "C-EYE-001", "Eye pain with blurred vision." },
        { "C-EYE-002", "Red eye and I wear contact lenses." },
        { "C-EYE-003", "My eye hurts." },
        { "C-EYE-004", "New floaters and flashes." },
        { "C-TRAUMA-001", "A deep gaping cut on my hand." },
        { "C-TRAUMA-002", "A nosebleed and I'm on warfarin." },
        { "C-ONC-001", "Weight loss and night sweats." },
        { "C-PED-001", "My baby is floppy." },
        { "C-PED-002", "Vomiting and he is lethargic." },
        { "C-PED-003", "Diarrhoea and a dry mouth." },
        { "C-GEN-001", "Sunken eyes." },
        { "C-GEN-002", "Lethargic with a fever." },
        { "C-GEN-003", "Unexplained weight loss." },
        { "C-GEN-004", "I have heart failure and I'm more breathless." },
        { "MOD-AGE-001", "My 5-week-old has a fever." },
        { "MOD-AGE-002", "My 4-month-old has a fever." },
        { "MOD-AGE-003", "My 6-week-old isn't feeding." },
        { "MOD-AGE-004", "My 6-week-old has a runny nose." },
        { "MOD-AGE-005", "My 3 year old is lethargic." },
        { "MOD-AGE-006", "An 80-year-old woman had a fall." },
        { "MOD-AGE-007", "An 82-year-old fell and has hip pain." },
        { "MOD-AGE-008", "A 70-year-old with abdominal pain." },
        { "MOD-AGE-009", "A 75-year-old hit his head." },
        { "MOD-AGE-010", "A 50-year-old with chest pain." },
        { "MOD-AGE-011", "My 8 month old is wheezing." },
        { "MOD-AGE-012", "A 70-year-old with fever and shortness of breath." },
        { "MOD-AGE-013", "My 7 month old has diarrhoea and a dry mouth." },
        { "MOD-AGE-014", "My 2 year old keeps vomiting everything." },
        { "MOD-AGE-015", "My 2 year old cries when peeing, it burns." },
        { "MOD-AGE-016", "My 3 year old burned her hand." },
        { "MOD-AGE-017", "My 5 day old baby looks yellow, jaundiced." },
        { "MOD-AGE-018", "A 60-year-old with a headache that is getting worse." },
        { "MOD-AGE-019", "My 3-month-old has coughing fits and goes blue." },
        { "MOD-AGE-020", "My 7 month old is feeding less than usual." },
        { "MOD-AGE-030", "My 2 month old stops breathing in her sleep for a few seconds." },
        { "MOD-PREG-001", "I'm pregnant and have abdominal pain." },
        { "MOD-PREG-002", "I'm pregnant and have vaginal bleeding." },
        { "MOD-PREG-003", "I'm 32 weeks pregnant and seeing flashing lights." },
        { "MOD-PREG-004", "I'm pregnant and have a headache." },
        { "MOD-PREG-005", "I'm pregnant and have a fever." },
        { "MOD-PREG-006", "I'm pregnant and fainted." },
        { "MOD-PREG-007", "I gave birth two weeks ago and I'm short of breath." },
        { "MOD-PREG-008", "I gave birth last week and have a fever." },
        { "MOD-PREG-009", "I'm having contractions." },
        { "MOD-DUR-001", "Fever for 6 days." },
        { "MOD-DUR-002", "A cough for 4 weeks." },
        { "MOD-SEV-001", "Severe abdominal pain." },
        { "MOD-SEV-002", "Chest pain 8/10." },
        { "MOD-SEV-003", "Severe shortness of breath." },
        { "MOD-SEV-004", "Excruciating headache." },
        { "MOD-SEV-005", "Severe eye pain." },
        { "MOD-SEV-006", "Severe lower back pain." },
        { "MOD-ONSET-001", "A headache that came on suddenly." },
        { "MOD-ONSET-002", "Sudden shortness of breath." },
    };

    [Theory]
    [InlineData("I've got a mild cold and a temperature of 37.8.", false)]
    [InlineData("I've got a cold and a temperature of 38.6.", true)]
    public void Assess_StatedTemperature_IsAFeverOnlyFrom38(string text, bool fever)
    {
        var findings = Engine.Assess(text).Case.Findings;

        Assert.Equal(fever, findings.Any(f => f.ConceptId == "fever" && f.Status == FindingStatus.Present));
    }

    [Theory]
    [InlineData("My 2 year old swallowed one of those small button batteries about 20 minutes ago. He seems fine.")]
    [InlineData("I think my daughter may have swallowed two of the little magnets from her brother's toy.")]
    [InlineData("Toddler, possible button battery ingestion an hour ago.")]
    public void Assess_SwallowedButtonBatteryOrMagnets_IsEmergencyDepartmentEvenWhenWell(string text)
    {
        var result = Engine.Assess(text);

        Assert.True(result.Acuity <= Acuity.EmergencyDepartment, result.Acuity.ToString());
        Assert.Contains(result.FiredRules, r => r.RuleId == "RF-TOX-021");
    }

    [Theory]
    [InlineData("My husband just collapsed in the kitchen and he isn't breathing.")]
    [InlineData("She has stopped breathing.")]
    [InlineData("A 62-year-old man has had a heavy pressure in the middle of his chest for 30 minutes. He feels sick and clammy.")]
    [InlineData("I suddenly lost the sight in my left eye an hour ago.")]
    [InlineData("A 3-year-old fell into a swimming pool and was pulled out coughing.")]
    [InlineData("My 1 year old has had diarrhoea and vomiting since yesterday, hasn't had a wet nappy for 12 hours and is very sleepy.")]
    [InlineData("A 24-year-old woman has severe pain all over her belly, it is hard as a board and she is vomiting.")]
    public void Assess_LayWordingOfAnEmergency_IsAtLeastEmergencyDepartment(string text)
    {
        Assert.True(Engine.Assess(text).Acuity <= Acuity.EmergencyDepartment);
    }

    [Theory]
    [InlineData("He threw up a mouthful of dark red blood. Pulse 120, BP 95/60.")]
    [InlineData("There was fresh blood in her vomit this morning and she feels faint.")]
    [InlineData("She was found next to an empty packet of sleeping tablets and she is drowsy.")]
    [InlineData("Empty pill bottles beside him; he has become drowsy and is hard to keep awake.")]
    [InlineData("55 y/o with DM presents with chest pain since this morning.")]
    [InlineData("A 66-year-old woman with epigastric discomfort for an hour, now pale and diaphoretic.")]
    public void Assess_ClinicalWordingOfBleedingOverdoseOrAtypicalAcs_IsAtLeastEmergencyDepartment(string text)
    {
        var result = Engine.Assess(text);

        Assert.True(result.Acuity <= Acuity.EmergencyDepartment, $"{result.Acuity}: {string.Join(", ", result.FiredRules.Select(r => r.RuleId))}");
    }

    [Theory]
    [InlineData("Sharp pain low down on my right side since last night and my period is a week late.")]
    [InlineData("He burned his entire back with boiling water from the bath.")]
    [InlineData("She burnt her hand on the oven door; the skin looks charred.")]
    public void Assess_LayWordingOfEctopicRiskOrDeepBurn_IsAtLeastEmergencyDepartment(string text)
    {
        var result = Engine.Assess(text);

        Assert.True(result.Acuity <= Acuity.EmergencyDepartment, $"{result.Acuity}: {string.Join(", ", result.FiredRules.Select(r => r.RuleId))}");
    }

    [Theory]
    [InlineData("I jammed my finger in the door this morning, it's bruised and I can't straighten it fully.")]
    [InlineData("Fell off my bike, my wrist is bruised and I can't move it properly.")]
    public void Assess_BruisedPartThatCannotBeUsed_IsNotSelfCare(string text)
    {
        Assert.NotEqual(Acuity.SelfCare, Engine.Assess(text).Acuity);
    }

    [Theory]
    [InlineData("I have a small burn on my finger from the iron, it's red and sore.")]
    [InlineData("My tongue has a coating and the coating is white.")]
    public void Assess_MinorBurnOrWhiteCoating_NoDeepBurn(string text)
    {
        var result = Engine.Assess(text);

        Assert.DoesNotContain(result.FiredRules, r => r.RuleId == "C-BURN-010");
        Assert.DoesNotContain(result.Case.Findings, f => f.ConceptId == "deep_burn_sign" && f.Status == FindingStatus.Present);
    }

    [Theory]
    [InlineData("My hay fever tablets make me drowsy.", "lethargy")]
    [InlineData("I feel a bit drowsy after a late night.", "lethargy")]
    [InlineData("I vomited twice and I have a nosebleed.", "hematemesis")]
    [InlineData("My stomach hurts after a big dinner.", "upper_abdominal_pain")]
    public void Assess_OrdinaryWordingNearTheNewPhrases_DoesNotFindTheConcept(string text, string conceptId)
    {
        var result = Engine.Assess(text);

        Assert.DoesNotContain(result.Case.Findings, f => f.ConceptId == conceptId && f.Status == FindingStatus.Present);
    }

    [Theory]
    [InlineData("I have a small cut on my thumb from a kitchen knife that has stopped bleeding.", "minor_cut")]
    [InlineData("Graze on his knee which stopped bleeding after a minute.", "minor_cut")]
    public void Assess_WoundThatHasStoppedBleeding_WoundStaysPresent(string text, string conceptId)
    {
        var result = Engine.Assess(text);

        Assert.Contains(result.Case.Findings, f => f.ConceptId == conceptId && f.Status == FindingStatus.Present);
        Assert.Contains(result.Case.Findings, f => f.ConceptId == "bleeding_stopped" && f.Status == FindingStatus.Present);
    }

    [Theory]
    [InlineData("I've had one of my usual migraines since yesterday and it is not relieved by my usual triptan.")]
    [InlineData("Tension headache for two days, not helped by paracetamol or ibuprofen.")]
    public void Assess_HeadacheNotRelievedByUsualTreatment_IsNotSelfCare(string text)
    {
        Assert.NotEqual(Acuity.SelfCare, Engine.Assess(text).Acuity);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Assess_RuleExample_FiresRule(string ruleId, string text)
    {
        var result = Engine.Assess(text);

        Assert.True(
            result.FiredRules.Any(r => r.RuleId == ruleId),
            $"{ruleId} did not fire for \"{text}\"; fired: {string.Join(", ", result.FiredRules.Select(r => r.RuleId))}; findings: {string.Join(", ", result.Case.Findings.Select(f => f.ConceptId + ":" + f.Status))}");
    }

    [Theory]
    [InlineData("A 35-year-old with a fever. T 38.4 C, HR 84, RR 16.")]
    [InlineData("A 35-year-old, HR 110, RR 24, no fever, anxious after an argument.")]
    [InlineData("A 6-year-old with a fever. T 38.4 C, HR 110, RR 24.")]
    public void Assess_FewerThanTwoSirsCriteriaOrNoInfectionOrAChild_NoAdultSepsisScreen(string text)
    {
        Assert.DoesNotContain(Engine.Assess(text).FiredRules, r => r.RuleId == "C-SEPSIS-011");
    }

    [Theory]
    [InlineData("A 40-year-old with a sore throat and a fever. T 38.3, HR 96, RR 18.")]
    [InlineData("Cough with yellow sputum and fever for 3 days in a 52-year-old. Temp 38.4 C, pulse 94, RR 20, sats 96%.")]
    public void Assess_SirsTwoWithoutADangerZoneVital_UrgentNotEmergencyDepartment(string text)
    {
        var result = Engine.Assess(text);

        Assert.Contains(result.FiredRules, r => r.RuleId == "C-SEPSIS-011");
        Assert.Equal(Acuity.Urgent, result.Acuity);
    }

    [Theory]
    [InlineData("A 40-year-old with a sore throat and a fever. T 38.3, HR 118, RR 18.")]
    [InlineData("Cough with yellow sputum and fever for 3 days in a 52-year-old. Temp 38.4 C, pulse 94, BP 96/60.")]
    public void Assess_SirsTwoWithAFastPulseOrLowPressure_EmergencyDepartment(string text)
    {
        Assert.True(Engine.Assess(text).Acuity <= Acuity.EmergencyDepartment);
    }

    [Theory]
    [InlineData("A 50-year-old woman had a stroke two years ago and is now aphasic. She is here for a repeat prescription.", "speech_disturbance")]
    [InlineData("Left sided weakness from a previous stroke, needs her catheter changed.", "unilateral_weakness")]
    [InlineData("He has residual right arm weakness. Came in for a blood pressure check.", "unilateral_weakness")]
    public void Assess_DeficitLeftByAnOldStroke_Historical(string text, string concept)
    {
        var finding = Assert.Single(Engine.Assess(text).Case.Findings, f => f.ConceptId == concept);

        Assert.Equal(FindingStatus.Historical, finding.Status);
    }

    [Theory]
    [InlineData("My husband's speech suddenly went slurred an hour ago. He had a stroke five years ago but recovered fully.")]
    [InlineData("Since this morning her left arm is weak and she is talking nonsense.")]
    [InlineData("His right hand keeps dropping things and his words are coming out wrong, started 40 minutes ago.")]
    public void Assess_NewStrokeSignsInPlainWords_CallEmergencyServices(string text)
    {
        Assert.Equal(Acuity.Emergency, Engine.Assess(text).Acuity);
    }

    [Theory]
    [InlineData("Bleach splashed into my son's right eye while I was cleaning the bathroom.")]
    [InlineData("A 30-year-old was found in a closed garage with the engine running, now drowsy with a headache.")]
    [InlineData("I got a shock from a 240 volt socket at work and my arm is tingling.")]
    [InlineData("EMS brings a 40-year-old from a rollover crash, immobilised on a backboard, complaining of back pain.")]
    [InlineData("I found my 3-year-old playing with my grandmother's heart tablets, the bottle is half empty.")]
    [InlineData("A nurse was stuck with a used needle from a patient an hour ago.")]
    public void Assess_HighRiskExposureOrMechanism_EmergencyDepartmentOrHigher(string text)
    {
        Assert.True(Engine.Assess(text).Acuity <= Acuity.EmergencyDepartment, text);
    }

    [Theory]
    [InlineData("My 2-year-old is breathing really fast and the skin under her ribs pulls in every time she breathes.", Acuity.Emergency)]
    [InlineData("A 6-week pregnant woman has a sharp pain down the left side of her tummy.", Acuity.EmergencyDepartment)]
    [InlineData("I'm 7 weeks pregnant and the tip of my right shoulder hurts, and I feel faint.", Acuity.EmergencyDepartment)]
    public void Assess_DistressOrEctopicSignsInLayWords_AtLeastTheLevel(string text, Acuity atLeast)
    {
        Assert.True(Engine.Assess(text).Acuity <= atLeast, text);
    }

    [Theory]
    [InlineData("My 8 month old has had diarrhoea and vomiting since yesterday, has fewer wet nappies and a dry mouth, but is alert.")]
    [InlineData("My 3-year-old has been vomiting today and has a dry mouth.")]
    public void Assess_ClinicalDehydrationWithoutARedFlagSign_SameDayNotEmergencyDepartment(string text)
    {
        var result = Engine.Assess(text);

        Assert.DoesNotContain(result.FiredRules, r => r.RuleId == "C-PED-010");
        Assert.Equal(Acuity.Urgent, result.Acuity);
    }

    [Theory]
    [InlineData("My toddler pulled a kettle of hot water onto himself, the scald covers his tummy and legs.")]
    [InlineData("She burned her back and shoulder on the stove.")]
    public void Assess_BurnOverTwoBodyAreas_SeriousBurn(string text)
    {
        Assert.True(Engine.Assess(text).Acuity <= Acuity.EmergencyDepartment, text);
    }

    [Theory]
    [InlineData("My 10-year-old twisted her wrist, it's swollen and hurts a lot when she moves it.")]
    [InlineData("Sprained my ankle, it is really painful to stand on.")]
    public void Assess_SprainThatHurtsALot_NotSelfCare(string text)
    {
        Assert.NotEqual(Acuity.SelfCare, Engine.Assess(text).Acuity);
    }

    [Theory]
    [InlineData("Can I get a refill of my blood pressure tablets? I feel fine.")]
    [InlineData("A 25-year-old asks for a refill of his asthma inhaler and has no symptoms today.")]
    [InlineData("Itchy red rash on my hands since I started using a new washing powder. No swelling of my face or lips.")]
    [InlineData("My 6-year-old has a rash of itchy raised blotches after eating strawberries, no swelling of her lips and no breathing problems.")]
    public void Assess_RefillOrContactRash_SelfCare(string text)
    {
        Assert.Equal(Acuity.SelfCare, Engine.Assess(text).Acuity);
    }

    [Fact]
    public void Examples_CoverEveryCombinationAndModifierRule()
    {
        var knowledge = KnowledgeBase.LoadEmbedded();
        var covered = Examples.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        var missing = knowledge.Rules
            .Where(r => r.Id.StartsWith("C-", StringComparison.Ordinal) || r.Id.StartsWith("MOD-", StringComparison.Ordinal))
            .Select(r => r.Id)
            .Where(id => !covered.Contains(id))
            .ToList();

        Assert.True(missing.Count == 0, "rules without an example: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("A 25-year-old has a runny nose and sneezing for two days.", "SC-COLD-001")]
    [InlineData("I have hay fever, itchy eyes and sneezing.", "SC-ALLERGY-001")]
    [InlineData("Small cut on my finger, stopped bleeding.", "SC-WOUND-001")]
    [InlineData("Twisted my ankle, mildly swollen, I can walk on it.", "SC-MSK-001")]
    [InlineData("A 30-year-old with lower back pain after lifting a box.", "SC-MSK-002")]
    [InlineData("Mosquito bite that is itchy.", "SC-BITE-001")]
    [InlineData("I have acne.", "SC-SKIN-001")]
    [InlineData("Mild sore throat for two days.", "SC-COLD-001")]
    [InlineData("My toothache started yesterday, no swelling and no fever. My dentist can't see me until Monday.", "SC-DENTAL-001")]
    [InlineData("I ran out of my blood pressure medicine and need a new prescription.", "SC-ADMIN-001")]
    [InlineData("I only came for medication, no other complaint.", "SC-ADMIN-001")]
    [InlineData("I need a copy of my CT images for my surgeon.", "SC-ADMIN-002")]
    [InlineData("Chief complaint: CT film copy. No pain reported.", "SC-ADMIN-002")]
    [InlineData("My 2 year old has a temperature of 38.3 since this morning, still drinking and playing.", "SC-FEVER-CHILD")]
    [InlineData("I had a nosebleed this morning, it stopped after pinching my nose for 10 minutes.", "SC-ENT-001")]
    [InlineData("I have a rash where my new watch strap sits.", "SC-SKIN-001")]
    [InlineData("A 40-year-old with a h/o asthma, c/o sore throat x 2 days, afebrile, NKDA.", "SC-COLD-001")]
    [InlineData("Family history of heart attacks. I'm 30 with a runny nose.", "SC-COLD-001")]
    [InlineData("My 6-year-old has chickenpox, itchy spots everywhere, but he is eating and playing.", "SC-SKIN-003")]
    [InlineData("I've had trouble sleeping for the last few nights because of stress at work.", "SC-SLEEP-001")]
    [InlineData("My legs are really sore after my first spin class two days ago.", "SC-MSK-001")]
    [InlineData("My nose bled for 5 minutes and stopped when I pinched it.", "SC-ENT-001")]
    [InlineData("My 2-year-old has hand, foot and mouth disease, a few mouth blisters, drinking OK.", "SC-SKIN-004")]
    [InlineData("I have a slightly ingrown toenail that is a bit sore.", "SC-SKIN-001")]
    [InlineData("I've got a mild cold and a temperature of 37.8. I'm 30 and healthy.", "SC-COLD-001")]
    [InlineData("Itchy rash on my arms after pulling weeds in the garden.", "SC-SKIN-001")]
    [InlineData("A 50-year-old man has a painful, stiff neck after sleeping in an awkward position. No fever and no injury.", "SC-MSK-003")]
    public void Assess_MildSelfLimitingComplaint_IsSelfCare(string text, string ruleId)
    {
        var result = Engine.Assess(text);

        Assert.Equal(Acuity.SelfCare, result.Acuity);
        Assert.Equal(ruleId, Assert.Single(result.FiredRules).RuleId);
    }

    [Theory]
    [InlineData("I twisted my ankle and can't put any weight on it.")]
    [InlineData("Sore throat for three weeks.")]
    [InlineData("A 70-year-old with back pain.")]
    [InlineData("I'm pregnant and have the flu with a fever.")]
    [InlineData("Runny nose and a rash.")]
    [InlineData("Headache since this morning, right side, 6/10. I did not vomit and I did not hit my head.")]
    [InlineData("I have been vomiting since this morning.")]
    [InlineData("A 40-year-old with a fever of 38.5.")]
    [InlineData("My nose has been bleeding for 30 minutes.")]
    [InlineData("EMS arrives with a 30-year-old who twisted his ankle; he can walk on it.")]
    [InlineData("My doctor told me to come to the emergency department for my sore throat.")]
    [InlineData("A 33-year-old with a 3 cm laceration to the thumb.")]
    [InlineData("I need medicine for my chest pain.")]
    [InlineData("I came for a copy of my x-ray; my ankle is still very swollen and I can't walk on it.")]
    [InlineData("I'm 34 and I have chickenpox, spots all over.")]
    [InlineData("My 4-month-old has hand, foot and mouth disease.")]
    [InlineData("A 9-month-old has had a fever of 38.5 for 2 days and keeps pulling at one ear.")]
    [InlineData("Ingrown toenail with pus and spreading redness up my foot.")]
    [InlineData("A 55-year-old with a blood pressure reading of 185/110 at home, mild headache, just a mild cold.")]
    [InlineData("A 40-year-old with a cold and a sore throat, HR 118, RR 24.")]
    [InlineData("Mild sore throat for two days, SpO2 93%.")]
    [InlineData("My 1 year old has had diarrhoea and vomiting since yesterday and hasn't had a wet nappy for 12 hours.")]
    [InlineData("I'm pregnant and my 4-year-old has chickenpox; now I have the spots too.")]
    [InlineData("My 3-year-old has ear pain and a fever of 38.5 for two days.")]
    [InlineData("I haven't been able to sleep properly for three months.")]
    [InlineData("I can't sleep and I feel hopeless, nothing is worth it anymore.")]
    public void Assess_MildComplaintWithBlocker_IsNotSelfCare(string text)
    {
        Assert.NotEqual(Acuity.SelfCare, Engine.Assess(text).Acuity);
    }

    [Theory]
    [InlineData("A 60-year-old woman, HR 140, otherwise well.", "VS-HR-001")]
    [InlineData("Oxygen saturation 88% on room air.", "VS-SPO2-001")]
    [InlineData("A 2-month-old with temperature 38.3 C.", "VS-TEMP-001")]
    [InlineData("A 2 year old with heart rate 170.", "VS-HR-005")]
    [InlineData("Blood pressure 82/50.", "VS-BP-001")]
    [InlineData("Temp 101.5 F, 6-week-old baby.", "VS-TEMP-001")]
    [InlineData("Blood sugar 2.5 mmol/L.", "VS-GLU-001")]
    public void Assess_DangerZoneVital_FiresVitalRule(string text, string ruleId)
    {
        var result = Engine.Assess(text);

        Assert.Contains(result.FiredRules, r => r.RuleId == ruleId);
    }

    [Fact]
    public void Assess_ChildHeartRateNormalForAge_DoesNotFireAdultRule()
    {
        var result = Engine.Assess("A 1-year-old with heart rate 130 and a runny nose.");

        Assert.DoesNotContain(result.FiredRules, r => r.RuleId.StartsWith("VS-HR", StringComparison.Ordinal));
    }
}
