namespace CfgResults.Engine.Domain;

/// <summary>The caller may not do this (wrong audience, foreign resource).</summary>
public sealed class NotAllowedException(string message) : Exception(message);
