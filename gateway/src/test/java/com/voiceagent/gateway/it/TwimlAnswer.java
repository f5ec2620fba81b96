package com.voiceagent.gateway.it;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The parts of the gateway's TwiML answer the tests look at, read with the JDK's XML parser. */
record TwimlAnswer(String streamUrl, String statusCallback, String token, String redirectUrl, String redirectMethod,
    boolean hangsUp) {

  static TwimlAnswer parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      Element response = document.getDocumentElement();
      if (!response.getTagName().equals("Response")) {
        throw new IllegalArgumentException("not TwiML: " + xml);
      }
      Element stream = first(response, "Stream");
      Element parameter = stream == null ? null : first(stream, "Parameter");
      Element redirect = first(response, "Redirect");
      return new TwimlAnswer(attribute(stream, "url"), attribute(stream, "statusCallback"),
          parameter != null && "token".equals(parameter.getAttribute("name")) ? parameter.getAttribute("value") : null,
          redirect == null ? null : redirect.getTextContent().strip(), attribute(redirect, "method"),
          first(response, "Hangup") != null);
    } catch (Exception e) {
      throw new IllegalArgumentException("unreadable TwiML: " + xml, e);
    }
  }

  private static Element first(Element parent, String tag) {
    Node node = parent.getElementsByTagName(tag).item(0);
    return (Element) node;
  }

  private static String attribute(Element element, String name) {
    return element == null || !element.hasAttribute(name) ? null : element.getAttribute(name);
  }
}
