namespace CfgResults.Engine.Domain;

/// <summary>Mode de notation.</summary>
public enum GradingMode { Entered, Computed, NotGraded }

/// <summary>Position épreuve.</summary>
public enum ExamPosition { Registered, Benefit, Exempted }

/// <summary>Kind of a note: a number, AB, DI or empty.</summary>
public enum GradeKind { NotEntered, Points, Absent, Exempted }

/// <summary>État de la candidature.</summary>
public enum RegistrationState { Registered, Cancelled }

/// <summary>Catégorie: scolaire or individuel.</summary>
public enum CandidateCategory { SchoolPupil, Individual }

/// <summary>Résultat.</summary>
public enum Result { Admitted, Refused, Absent }

/// <summary>A service a window opens.</summary>
public enum ServiceKind { GradeExtraction, SchoolPublication, CandidatePublication }
