package com.voiceagent.whatsapp.send;

import com.voiceagent.whatsapp.WhatsAppProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

  @Bean
  FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(WhatsAppProperties properties) {
    FilterRegistrationBean<ApiTokenFilter> registration = new FilterRegistrationBean<>(new ApiTokenFilter(properties.apiToken()));
    registration.addUrlPatterns("/api/whatsapp/*");
    registration.setName("whatsappApiToken");
    return registration;
  }
}
