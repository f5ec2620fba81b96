package com.voiceagent.gateway.twiml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The XML factories StreamTwiml names for twilio-java: the JDK's own, the same TwiML, and an operator's choice kept. */
class JdkXmlFactoriesTest {

  @Test
  void twimlIsTheSameWithTheFactoriesNamedAsLookedUp() {
    String named = StreamTwiml.sayThenHangUp("שלום");
    String documentBuilder = System.clearProperty(StreamTwiml.DOCUMENT_BUILDER_FACTORY);
    String transformer = System.clearProperty(StreamTwiml.TRANSFORMER_FACTORY);
    try {
      assertThat(documentBuilder).isEqualTo(javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance().getClass().getName());
      assertThat(transformer).isEqualTo(javax.xml.transform.TransformerFactory.newDefaultInstance().getClass().getName());
      assertThat(StreamTwiml.sayThenHangUp("שלום")).isEqualTo(named).contains("<Say").contains("שלום");
    } finally {
      System.setProperty(StreamTwiml.DOCUMENT_BUILDER_FACTORY, documentBuilder);
      System.setProperty(StreamTwiml.TRANSFORMER_FACTORY, transformer);
    }
  }

  @Test
  void aFactoryTheOperatorNamedIsKept() {
    String before = System.getProperty(StreamTwiml.TRANSFORMER_FACTORY);
    System.setProperty(StreamTwiml.TRANSFORMER_FACTORY, "org.example.TheirTransformerFactory");
    try {
      StreamTwiml.useTheJdksXmlFactories();
      assertThat(System.getProperty(StreamTwiml.TRANSFORMER_FACTORY)).isEqualTo("org.example.TheirTransformerFactory");
    } finally {
      if (before == null) {
        System.clearProperty(StreamTwiml.TRANSFORMER_FACTORY);
      } else {
        System.setProperty(StreamTwiml.TRANSFORMER_FACTORY, before);
      }
    }
  }
}
