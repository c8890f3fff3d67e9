namespace MedPortal.Inference;

/// <summary>Marker type for the MedPortal inference assembly.</summary>
public static class InferenceAssembly;
