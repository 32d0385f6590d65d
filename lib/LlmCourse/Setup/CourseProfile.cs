namespace LlmCourse.Setup;

/// <summary>How big a run is. Every notebook picks its sizes from the profile, never from edits.</summary>
public enum CourseProfile
{
    /// <summary>CI: about a minute per notebook; proves that learning happens (a loss falls, accuracy beats chance).</summary>
    Smoke,

    /// <summary>A laptop: minutes per notebook; reaches the course's reference results. The default.</summary>
    Cpu,

    /// <summary>A CUDA GPU: the full-size runs.</summary>
    Gpu,
}
