package io.recoverysync.ehr.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The openEHR REST calls the note sync makes, spelled exactly as EHRbase 2.x wants them (see ehrbase-api.md):
 * the template upload is XML in and XML accepted (a JSON Accept gets 406), FLAT compositions are
 * {@code application/json} with {@code format=FLAT&templateId=...}, If-Match is sent unquoted.
 * {@code @Produces} is the Accept header, {@code @Consumes} the Content-Type.
 */
@RegisterRestClient(configKey = "ehrbase")
interface EhrbaseApi {

    @POST
    @Path("/definition/template/adl1.4")
    @Consumes(MediaType.APPLICATION_XML)
    @Produces(MediaType.APPLICATION_XML)
    Uni<Response> uploadTemplate(@HeaderParam("Authorization") String authorization, String operationalTemplate);

    @GET
    @Path("/definition/template/adl1.4")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> listTemplates(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/definition/template/adl1.4/{templateId}")
    @Produces(MediaType.APPLICATION_XML)
    Uni<Response> template(@HeaderParam("Authorization") String authorization, @PathParam("templateId") String templateId);

    @GET
    @Path("/ehr/{ehrId}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> ehr(@HeaderParam("Authorization") String authorization, @PathParam("ehrId") String ehrId);

    @GET
    @Path("/ehr")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> ehrBySubject(@HeaderParam("Authorization") String authorization,
            @QueryParam("subject_id") String subjectId,
            @QueryParam("subject_namespace") String subjectNamespace);

    @PUT
    @Path("/ehr/{ehrId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> createEhr(@HeaderParam("Authorization") String authorization, @PathParam("ehrId") String ehrId,
            String ehrStatus);

    @POST
    @Path("/ehr/{ehrId}/composition")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> createComposition(@HeaderParam("Authorization") String authorization, @PathParam("ehrId") String ehrId,
            @QueryParam("format") String format,
            @QueryParam("templateId") String templateId,
            String flatComposition);

    @PUT
    @Path("/ehr/{ehrId}/composition/{versionedObjectUid}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> updateComposition(@HeaderParam("Authorization") String authorization,
            @HeaderParam("If-Match") String ifMatch,
            @PathParam("ehrId") String ehrId,
            @PathParam("versionedObjectUid") String versionedObjectUid,
            @QueryParam("format") String format,
            @QueryParam("templateId") String templateId,
            String flatComposition);

    @GET
    @Path("/ehr/{ehrId}/composition/{uid}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> composition(@HeaderParam("Authorization") String authorization, @PathParam("ehrId") String ehrId,
            @PathParam("uid") String uid,
            @QueryParam("format") String format);
}
