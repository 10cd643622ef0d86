using CfgResults.Engine.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages;

/// <summary>
/// The French error page (SECURITY.md row 19), reached by re-execution from <see cref="Security.ErrorPagesExtensions"/>:
/// it keeps the original status, whatever the method of the failed request, and never shows a stack trace.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErreurModel : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    void Describe(int code)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Code = code is >= 400 and <= 599 ? code : 404;
        // Reached directly (not re-executed): answer with the status the page describes.
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null && failure is null) Response.StatusCode = Code;
        (Title, Text) = Code switch
        {
            400 => ("Demande invalide", "La demande n'a pas pu être traitée (formulaire expiré ou incomplet) : revenez à la page précédente, rechargez-la et recommencez."),
            401 => ("Connexion requise", "Connectez-vous pour ouvrir cette page."),
            403 => ("Accès refusé", "Cette page n'est pas ouverte à votre profil."),
            404 => ("Page introuvable", "Cette page n'existe pas, ou elle n'est pas accessible avec votre compte."),
            405 => ("Action impossible", "Cette page n'accepte pas cette action."),
            413 => ("Fichier trop volumineux", "Le fichier envoyé dépasse la taille permise."),
            429 => ("Trop de demandes", "Trop de demandes en peu de temps : patientez un instant avant de recommencer."),
            _ when failure is Engine.Running.QuotaExceededException quota => ("Limite atteinte", quota.Message),
            _ when failure is StoreUnavailableException or System.Data.Common.DbException =>
                ("Service indisponible", "Le magasin de données ne répond pas : rien n'a été changé. Réessayez dans un instant ; si cela dure, prévenez le gestionnaire."),
            _ => ("Erreur inattendue", "Une erreur inattendue s'est produite ; elle a été enregistrée. Réessayez dans un instant."),
        };
        // A limit reached is the caller's to wait for, not a fault of the service.
        if (failure is Engine.Running.QuotaExceededException) { Code = StatusCodes.Status429TooManyRequests; Response.StatusCode = Code; }
        ViewData["Title"] = Title;
        // The layout's menu reads the store: an error page must show even when the store is what failed.
        if (Code >= 500) ViewData["SansMenu"] = true;
    }
}
