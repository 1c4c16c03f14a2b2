package io.recoverysync.simulator.ehrbase;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An uploaded ADL 1.4 operational template, read just far enough to list and serve it: template id, concept and
 * root archetype id. The raw XML is kept and served back unchanged.
 */
record OperationalTemplate(String templateId, String concept, String archetypeId, String xml, Instant createdAt) {

    static final String OPENEHR_NS = "http://schemas.openehr.org/v1";

    /** Reads an OPT; anything that is not one is an {@link IllegalArgumentException} with an XMLBeans-like message. */
    static OperationalTemplate parse(byte[] xml, Instant now) {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            doc = builder.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalArgumentException("error: Unexpected element: " + firstLine(e.getMessage()));
        }
        Element root = doc.getDocumentElement();
        if (!"template".equals(root.getLocalName()) || !OPENEHR_NS.equals(root.getNamespaceURI())) {
            throw new IllegalArgumentException("error: The document is not a template@" + OPENEHR_NS
                    + ": document element mismatch got " + root.getLocalName() + "@"
                    + (root.getNamespaceURI() == null ? "" : root.getNamespaceURI()));
        }
        String templateId = valueOf(child(root, "template_id"));
        if (templateId == null || templateId.isBlank()) {
            throw new IllegalArgumentException("error: Expected element template_id@" + OPENEHR_NS);
        }
        Element definition = child(root, "definition");
        String archetypeId = definition == null ? null : valueOf(child(definition, "archetype_id"));
        Element concept = child(root, "concept");
        return new OperationalTemplate(templateId.trim(), concept == null ? null : concept.getTextContent().trim(),
                archetypeId, new String(xml, java.nio.charset.StandardCharsets.UTF_8), now);
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /** The text of {@code <x><value>text</value></x>}. */
    private static String valueOf(Element element) {
        if (element == null) {
            return null;
        }
        Element value = child(element, "value");
        return value == null ? null : value.getTextContent().trim();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable XML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
