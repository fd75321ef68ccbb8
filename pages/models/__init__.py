"""Page types of the program site: one class per section of the program."""

from ..settings import ContactSettings, SocialMediaSettings
from .application import ApplicationProcessPage
from .base import BasePage
from .faq import FAQPage
from .home import HomePage, HomePageRelatedLink, HomePageSignatory
from .people import GraduatesPage, ResidentsPage
from .sections import CareerDevelopmentPage, CurriculumPage, EquityMissionPage, StaffDirectoryPage, StandardPage
from .wellness import WellnessPage

__all__ = [
    "ApplicationProcessPage",
    "BasePage",
    "CareerDevelopmentPage",
    "ContactSettings",
    "CurriculumPage",
    "EquityMissionPage",
    "FAQPage",
    "GraduatesPage",
    "HomePage",
    "HomePageRelatedLink",
    "HomePageSignatory",
    "ResidentsPage",
    "SocialMediaSettings",
    "StaffDirectoryPage",
    "StandardPage",
    "WellnessPage",
]
