"""Page types of the program site: one class per section of the program."""

from ..settings import ContactSettings, SocialMediaSettings
from .application import ApplicationProcessPage
from .base import BasePage
from .home import HomePage, HomePageRelatedLink, HomePageSignatory
from .people import GraduatesPage, ResidentsPage
from .sections import CareerDevelopmentPage, CurriculumPage, EquityMissionPage, StaffDirectoryPage, StandardPage

__all__ = [
    "ApplicationProcessPage",
    "BasePage",
    "CareerDevelopmentPage",
    "ContactSettings",
    "CurriculumPage",
    "EquityMissionPage",
    "GraduatesPage",
    "HomePage",
    "HomePageRelatedLink",
    "HomePageSignatory",
    "ResidentsPage",
    "SocialMediaSettings",
    "StaffDirectoryPage",
    "StandardPage",
]
